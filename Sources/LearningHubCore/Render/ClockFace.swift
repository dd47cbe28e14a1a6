import Foundation

/// The seven-segment "clock face" that 7-minute briefings are known by, as SVG path data.
/// The geometry is fixed, so it is computed once; the theme's `clock` partial draws it.
public enum ClockFace {
    public struct Segment: Sendable {
        public var path: String
        public var labelX: String
        public var labelY: String
    }

    static let centre = 100.0, outer = 96.0, inner = 42.0, gapDegrees = 2.0

    /// The seven segments of the classic briefing.
    public static let segments: [Segment] = segments(count: 7)

    /// A face of `count` segments, one per section the author wrote; seven reuse the ones made once.
    public static func face(count: Int) -> [Segment] { count == 7 ? segments : segments(count: count) }

    static func segments(count: Int) -> [Segment] {
        let n = max(count, 1)
        return (0..<n).map { i in segment(i, of: n) }
    }

    static func segment(_ i: Int, of n: Int) -> Segment {
        let step = 360.0 / Double(n)
        let start = -90 + Double(i) * step + gapDegrees / 2
        let end = start + step - gapDegrees
        func point(_ r: Double, _ degrees: Double) -> String {
            let a = degrees * .pi / 180
            return "\(fmt(centre + r * cos(a))) \(fmt(centre + r * sin(a)))"
        }
        // An arc over half the circle needs SVG's large-arc flag (only with one or two sections).
        let large = end - start > 180 ? 1 : 0
        let d = "M\(point(outer, start)) A\(fmt(outer)) \(fmt(outer)) 0 \(large) 1 \(point(outer, end)) "
            + "L\(point(inner, end)) A\(fmt(inner)) \(fmt(inner)) 0 \(large) 0 \(point(inner, start)) Z"
        let mid = (start + end) / 2 * .pi / 180
        let r = (outer + inner) / 2
        return Segment(path: d, labelX: fmt(centre + r * cos(mid)), labelY: fmt(centre + r * sin(mid)))
    }

    /// "seven", for "The seven sections"; a figure beyond twelve.
    static func word(_ n: Int) -> String {
        let words = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
        return n < words.count ? words[n] : "\(n)"
    }

    /// One decimal place, written the same way on every machine.
    static func fmt(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
