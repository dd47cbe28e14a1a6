import Foundation
import Testing
@testable import LearningHubCore

/// What the build reads stays inside Content/ and Theme/, and teams' words are shown as they typed them.
@Suite("Links out of the sources, and escaping once")
struct PublishSafetyTests {
    @Test func aThemeAssetLinkedToAFileOutsideTheThemeIsAnErrorNamingTheLink() throws {
        let hub = try TempHub()
        let outside = hub.root.appendingPathComponent("secret.txt")
        try Data("root:x:0:0:secret-outside-the-theme\n".utf8).write(to: outside)
        let link = hub.theme.appendingPathComponent("assets/passwd.css")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: outside.path)
        let diagnostics = try #require(hub.failingBuild())
        _ = expectError(diagnostics, path: "\(hub.options.displayTheme)/assets/passwd.css", containing: "symbolic link")
        #expect(!FileManager.default.fileExists(atPath: hub.output.appendingPathComponent("assets/passwd.css").path))
    }

    @Test func aContentFileOrFolderLinkedOutsideContentIsAnError() throws {
        let hub = try TempHub()
        let elsewhere = hub.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try Data(Fixture.theme(name: "Borrowed").utf8).write(to: elsewhere.appendingPathComponent("borrowed.md"))
        try FileManager.default.createSymbolicLink(atPath: hub.content.appendingPathComponent("themes/borrowed.md").path,
                                                   withDestinationPath: elsewhere.appendingPathComponent("borrowed.md").path)
        try FileManager.default.createSymbolicLink(atPath: hub.content.appendingPathComponent("pages").path,
                                                   withDestinationPath: elsewhere.path)
        let diagnostics = try #require(hub.failingBuild())
        _ = expectError(diagnostics, path: hub.display("themes/borrowed.md"), containing: "outside")
        _ = expectError(diagnostics, path: hub.display("pages"), containing: "outside")
    }

    @Test func linksThatStayInsideTheirFolderAreFine() throws {
        let hub = try TempHub()
        try FileManager.default.createSymbolicLink(atPath: hub.theme.appendingPathComponent("assets/again.css").path,
                                                   withDestinationPath: "style.css")
        try hub.build()
        #expect(FileManager.default.contentsEqual(atPath: hub.output.appendingPathComponent("assets/again.css").path,
                                                  andPath: hub.theme.appendingPathComponent("assets/style.css").path))
    }

    @Test(arguments: [
        ("`x < 5`", "<code>x &lt; 5</code>"),
        ("Use `a && b`, or `&lt;` itself.", "<code>a &amp;&amp; b</code>, or <code>&amp;lt;</code> itself."),
        ("```\nif age < 18 {\n```", "<pre><code>if age &lt; 18 {\n</code></pre>"),
        ("<agency redacted> said so", "<p>&lt;agency redacted&gt; said so</p>"),
        ("See <https://example.org> and a < b.", "<p>See &lt;https://example.org&gt; and a &lt; b.</p>"),
        ("Typed \u{F8FF} and `<`", "Typed \u{F8FF} and <code>&lt;</code>"),
    ])
    func responseTextShowsExactlyWhatWasTyped(typed: String, shown: String) {
        let html = ResponseMarkdown.html(typed)
        #expect(html.contains(shown), "\(html)")
        #expect(!html.contains("&amp;lt;") || typed.contains("&lt;"), "escaped twice: \(html)")
    }
}
