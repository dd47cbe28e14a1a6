import Foundation
import Testing

/// The folders of LearningHubCore are the pipeline's layers, and each may use only the layers above
/// it in this list (the README's "How it is built"): a type of a later folder named in an earlier
/// one is a dependency pointing the wrong way. One target with folders rather than a target per
/// layer (see docs/contributing.md); this test keeps the direction the compiler would.
@Suite("The core's folders depend one way")
struct LayerTests {
    static let layers = ["Diagnostics", "Support", "Model", "Site", "Markdown", "Content", "Collect", "Search", "Render", "Build"]
    static let core = repoRoot.appendingPathComponent("Sources/LearningHubCore")

    /// The Swift files of one folder, with their text.
    static func files(of layer: String) throws -> [(path: String, text: String)] {
        let folder = core.appendingPathComponent(layer)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }.sorted().map {
            ("Sources/LearningHubCore/\(layer)/\($0)", try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// The types a file declares at its top level (not indented), by name.
    static func declaredTypes(_ text: String) -> [String] {
        let declaration = /^(?:(?:public|package|private|fileprivate|internal|final|indirect|@\w+)\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+(\w+)/
        return text.split(separator: "\n").compactMap { line in (try? declaration.firstMatch(in: String(line)))?.1 }.map(String.init)
    }

    /// Capitalised names a line uses, comments and string literals left out.
    static func names(in line: Substring) -> Set<String> {
        var code = String(line)
        if let comment = code.range(of: "//") { code = String(code[..<comment.lowerBound]) }
        code = code.replacing(/"(?:\\.|[^"\\])*"/, with: "\"\"")
        return Set(code.matches(of: /\b[A-Z]\w*\b/).map { String($0.output) })
    }

    @Test func everyFolderIsALayer() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: Self.core.path).filter { !$0.hasPrefix(".") }
        #expect(Set(folders) == Set(Self.layers), "a folder of Sources/LearningHubCore that is not in the list of layers (or gone from it): add it to the README, LayerTests.layers and docs/contributing.md")
    }

    @Test func noFolderUsesATypeOfALaterOne() throws {
        var owner: [String: Int] = [:]
        for (i, layer) in Self.layers.enumerated() {
            for file in try Self.files(of: layer) { for type in Self.declaredTypes(file.text) { owner[type] = i } }
        }
        #expect(owner.count > 100, "the declarations were not found: \(owner.count)")
        var wrongWay: [String] = []
        for (i, layer) in Self.layers.enumerated() {
            for file in try Self.files(of: layer) {
                for (n, line) in file.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    for name in Self.names(in: line).sorted() {
                        if let j = owner[name], j > i { wrongWay.append("\(file.path):\(n + 1): \(layer) uses \(name), which \(Self.layers[j]) declares") }
                    }
                }
            }
        }
        #expect(wrongWay.isEmpty, "\(wrongWay.joined(separator: "\n"))")
    }
}
