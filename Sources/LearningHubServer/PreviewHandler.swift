import FlyingFox
import Foundation

/// Answers every request: the preview's own three addresses under `/__learning-hub/`, and otherwise
/// the files of the built site, with the reload script added to HTML pages on the way out.
struct PreviewHandler: HTTPHandler {
    let files: FileServer
    let state: BuildState
    let socket: WebSocketHTTPHandler

    func handleRequest(_ request: HTTPRequest) async throws -> HTTPResponse {
        // The path as sent, still percent-encoded: FlyingFox's `request.path` is already normalised,
        // which would turn `/../x` into `/x` instead of refusing it.
        let rawPath = request.target.path(percentEncoded: true)
        switch rawPath {
        case ReloadScript.socketPath:
            return try await socket.handleRequest(request)
        case ReloadScript.scriptPath:
            return respond(request, .ok, type: "text/javascript; charset=utf-8", body: Data(ReloadScript.javaScript.utf8))
        case ReloadScript.statusPath:
            return respond(request, .ok, type: "application/json; charset=utf-8", body: await state.json())
        default:
            break
        }
        guard request.method == .GET || request.method == .HEAD else {
            var response = respond(request, .methodNotAllowed, type: "text/plain; charset=utf-8", body: Data("Method not allowed\n".utf8))
            response.headers[HTTPHeader("Allow")] = "GET, HEAD"
            return response
        }
        switch files.resolve(rawPath: rawPath) {
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else { return notFound(request) }
            return fileResponse(request, .ok, path: path, data: data)
        case .redirect(let location):
            let query = request.target.query(percentEncoded: true)
            var response = respond(request, .movedPermanently, type: "text/plain; charset=utf-8", body: Data())
            response.headers[.location] = query.isEmpty ? location : location + "?" + query
            return response
        case .notFound:
            return notFound(request)
        }
    }

    private func notFound(_ request: HTTPRequest) -> HTTPResponse {
        if let page = files.notFoundPage(), let data = FileManager.default.contents(atPath: page) {
            return fileResponse(request, .notFound, path: page, data: data)
        }
        return respond(request, .notFound, type: "text/plain; charset=utf-8", body: Data("Not found\n".utf8))
    }

    private func fileResponse(_ request: HTTPRequest, _ status: HTTPStatusCode, path: String, data: Data) -> HTTPResponse {
        let type = FileServer.contentType(forPath: path)
        let body = type.hasPrefix("text/html") ? ReloadScript.inject(into: data) : data
        return respond(request, status, type: type, body: body)
    }

    private func respond(_ request: HTTPRequest, _ status: HTTPStatusCode, type: String, body: Data) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers[.contentType] = type
        // A preview is always fresh: no page or stylesheet may come from the browser's cache.
        headers[.cacheControl] = "no-store"
        headers[HTTPHeader("X-Content-Type-Options")] = "nosniff"
        if request.method == .HEAD {
            headers[.contentLength] = String(body.count)
            return HTTPResponse(statusCode: status, headers: headers, body: Data())
        }
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }
}
