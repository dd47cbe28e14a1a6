import FlyingFox
import Foundation

/// The browsers connected to `/__learning-hub/socket`, each an outgoing message stream.
/// After every build the server sends them all `{"type":"build"}`; each page then asks
/// `/__learning-hub/status` whether to reload or to show the build's errors.
public actor ReloadBroadcaster {
    private var clients: [UUID: AsyncStream<WSMessage>.Continuation] = [:]
    private var closed = false

    public init() {}

    public var clientCount: Int { clients.count }

    /// A new client's outgoing messages. The stream ends when the client goes or the server stops.
    public func connect() -> (id: UUID, messages: AsyncStream<WSMessage>) {
        let id = UUID()
        let (stream, continuation) = AsyncStream<WSMessage>.makeStream(bufferingPolicy: .bufferingNewest(8))
        if closed {
            continuation.finish()
            return (id, stream)
        }
        continuation.onTermination = { [weak self] _ in
            guard let self else { return }
            Task { await self.disconnect(id) }
        }
        clients[id] = continuation
        return (id, stream)
    }

    public func disconnect(_ id: UUID) {
        clients.removeValue(forKey: id)?.finish()
    }

    /// Sends a text message to every connected client.
    public func broadcast(_ text: String) {
        for continuation in clients.values { continuation.yield(.text(text)) }
    }

    /// Says goodbye to every client and refuses new ones: the server is stopping.
    public func closeAll() {
        closed = true
        for continuation in clients.values {
            continuation.yield(.close(.goingAway))
            continuation.finish()
        }
        clients.removeAll()
    }
}

/// FlyingFox's message handler for one websocket: the client's own messages are read and ignored;
/// what it receives is what the broadcaster sends.
struct ReloadSocketHandler: WSMessageHandler {
    let broadcaster: ReloadBroadcaster

    func makeMessages(for client: AsyncStream<WSMessage>) async throws -> AsyncStream<WSMessage> {
        let (id, messages) = await broadcaster.connect()
        let broadcaster = self.broadcaster
        Task {
            for await message in client {
                if case .close = message { break }
            }
            await broadcaster.disconnect(id)
        }
        return messages
    }
}
