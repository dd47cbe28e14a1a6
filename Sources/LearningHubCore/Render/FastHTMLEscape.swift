import Mustache
import TemplateEngine

/// swift-mustache escapes each `{{value}}` one Character at a time through a dictionary lookup,
/// which was an eighth of a whole build. This content type gives exactly the same bytes, worked out
/// on UTF-8 bytes; it serves themes that swift-mustache renders (see `TemplateSet.plans`). It is
/// switched on through the library's own `{{%CONTENT_TYPE:…}}` pragma, which `TemplateSet` puts on a
/// line of its own before each template: a standalone tag's line is dropped, so the template renders
/// as written (and may still set another content type further down).
struct FastHTMLContentType: MustacheContentType {
    static let name = "LEARNING_HUB_HTML"
    static let pragma: String = {
        MustacheContentTypes.register(FastHTMLContentType(), named: name)
        return "{{%CONTENT_TYPE:\(name)}}\n"
    }()

    func escapeText(_ text: String) -> String { HTMLEscaping.text(text) }
}

