import Hummingbird
import HummingbirdWebSocket

/// Request context of the WebSocket upgrade router (Hummingbird needs one that carries the
/// WebSocket handler reference; the API router keeps `VigilRequestContext`).
struct SignalingRequestContext: RequestContext, WebSocketRequestContext {
    var coreContext: CoreRequestContextStorage
    let webSocket: WebSocketHandlerReference<SignalingRequestContext>

    init(source: Source) {
        coreContext = .init(source: source)
        webSocket = .init()
    }
}
