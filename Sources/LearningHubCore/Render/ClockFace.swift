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

    public static let segments: [Segment] = (0..<7).map { i in
        let step = 360.0 / 7
        let start = -90 + Double(i) * step + gapDegrees / 2
        let end = start + step - gapDegrees
        func point(_ r: Double, _ degrees: Double) -> String {
            let a = degrees * .pi / 180
            return "\(fmt(centre + r * cos(a))) \(fmt(centre + r * sin(a)))"
        }
        let d = "M\(point(outer, start)) A\(fmt(outer)) \(fmt(outer)) 0 0 1 \(point(outer, end)) "
            + "L\(point(inner, end)) A\(fmt(inner)) \(fmt(inner)) 0 0 0 \(point(inner, start)) Z"
        let mid = (start + end) / 2 * .pi / 180
        let r = (outer + inner) / 2
        return Segment(path: d, labelX: fmt(centre + r * cos(mid)), labelY: fmt(centre + r * sin(mid)))
    }

    /// One decimal place, written the same way on every machine.
    static func fmt(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
