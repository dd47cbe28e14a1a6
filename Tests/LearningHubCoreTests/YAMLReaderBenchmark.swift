import Foundation
import Testing
import Yams
@testable import LearningHubCore

/// Not a test of speed (none checks one): the measurement bench/README.md quotes for keeping the
/// hand-written `ResponseYAMLReader` and `ResponseWriter.directYAML`. It runs only when
/// LEARNING_HUB_YAML_BENCH names a folder of filed records (`Content/responses/` of a corpus made by
/// `bench/gen_corpus.py --prefile`), in the release build:
///
///     python3 bench/gen_corpus.py -n 1000 -m 50000 --prefile --out /tmp/hub50k
///     LEARNING_HUB_YAML_BENCH=/tmp/hub50k/Content/responses swift test -c release \
///         --scratch-path .build-release --filter YAMLReaderBenchmark
@Suite struct YAMLReaderBenchmark {
    static let folder = ProcessInfo.processInfo.environment["LEARNING_HUB_YAML_BENCH"]

    @Test(.enabled(if: folder != nil)) func handWrittenAgainstYams() throws {
        let root = try #require(Self.folder)
        var texts: [String] = []
        let files = FileManager.default.enumerator(atPath: root)
        while let name = files?.nextObject() as? String {
            guard name.hasSuffix(".md"), !name.contains("history/") else { continue }
            let text = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
            texts.append(try FrontMatterFile.split(text, path: name).yaml)
        }
        #expect(texts.count > 1000)
        func time(_ label: String, _ body: () -> Int) {
            let start = DispatchTime.now().uptimeNanoseconds
            let n = body()
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            print("YAML bench: \(label): \(texts.count) records in \(String(format: "%.0f", ms)) ms (\(n) read)")
        }
        time("ResponseYAMLReader.parse (hand-written)") {
            texts.reduce(0) { $0 + (ResponseYAMLReader.parse($1, path: "r.md", lineOffset: 1) == nil ? 0 : 1) }
        }
        time("Yams.compose, Resolver.basic, to RawValue") {
            texts.reduce(0) { n, t in
                guard let node = try? Yams.compose(yaml: t, .basic, .default, .utf8) else { return n }
                _ = RawValue.from(node, path: "r.md", lineOffset: 1)
                return n + 1
            }
        }
        time("Yams.compose, Resolver.default (the fallback today), to RawValue") {
            texts.reduce(0) { n, t in
                guard let node = try? Yams.compose(yaml: t, .default, .default, .utf8) else { return n }
                _ = RawValue.from(node, path: "r.md", lineOffset: 1)
                return n + 1
            }
        }
        // The writer: the records as a build loads them, written directly and through Yams' emitter.
        let content = URL(fileURLWithPath: root).deletingLastPathComponent()
        let options = BuildOptions(content: content, theme: content, output: content.appendingPathComponent("unused"))
        let records = try BuildPipeline(options: options).loadHub().0.responses
        #expect(records.count == texts.count)
        time("ResponseWriter.directYAML (hand-written)") { records.reduce(0) { $0 + (ResponseWriter.directYAML($1) == nil ? 0 : 1) } }
        time("ResponseWriter.yamsYAML (Yams' emitter)") { records.reduce(0) { $0 + (ResponseWriter.yamsYAML($1).isEmpty ? 0 : 1) } }
    }
}
