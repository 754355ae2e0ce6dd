import Hummingbird
import HummingbirdWebSocket

/// Request context of the WebSocket upgrade router (Hummingbird needs one that carries the
/// WebSocket handler reference; the API router keeps `VigilRequestContext`).
struct SignalingRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<SignalingRequestContext>
    /// The peer's IP address (a reverse proxy's, behind one; see `ClientAddressResolver`).
    let peerAddress: String

    init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}
