import Foundation

/// Something that holds per-session state while a session lives (the relay's pipelines, the
/// live detectors' thread, the presence watch; later recording and audio) and must let it go
/// when the session ends or disappears. Services subscribe to the `SessionLifecycle` instead of
/// watching routes, so every way a session can end (the end route, a delete, the retention
/// purge) reaches every service, each exactly once.
public protocol SessionService: AnyObject, Sendable {
    /// The session ended at `end`; the store has already closed its open events at that time.
    func sessionEnded(_ id: String, at end: Date) async
    /// The session and everything stored for it are gone (deleted, or purged by retention).
    /// Nothing may be written for it any more; a live call must be torn down.
    func sessionDeleted(_ id: String) async
}
