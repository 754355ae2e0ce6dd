import Hummingbird

/// Per-request context: Hummingbird's core storage plus Vigil's body limit.
public struct VigilRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    /// The peer's IP address: the client's, or a reverse proxy's (`ClientAddressResolver` then
    /// finds the client's, the key for rate limits).
    public let peerAddress: String

    public init(source: Source) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// 64 KiB: an event or a session is a few hundred bytes; anything bigger is a mistake or abuse.
    public var maxUploadSize: Int { 64 * 1024 }
}
