import Foundation
import Logging
import Synchronization
import Testing
import VigilCore
import VigilLifecycle
import VigilStore

/// The session lifecycle on a real SQLite file: every way a session ends or goes (the end, a
/// delete, the retention purge) reaches a subscribed service exactly once, after the store has
/// changed; a refused change tells no one.
@Suite("Session lifecycle: what subscribed services hear")
struct SessionLifecycleServiceTests {
    /// A service that writes down what it heard and, when it hears it, what the store held.
    final class Listener: SessionService {
        enum News: Equatable {
            case ended(String, at: Date, storedEnd: Date?)
            case deleted(String, stillStored: Bool)
        }

        let store: Store
        private let heard = Mutex<[News]>([])
        init(store: Store) { self.store = store }

        var news: [News] { heard.withLock { $0 } }

        func sessionEnded(_ id: String, at end: Date) async {
            let stored = try? await store.session(id: id)
            heard.withLock { $0.append(.ended(id, at: end, storedEnd: stored?.endedAt)) }
        }

        func sessionDeleted(_ id: String) async {
            let stored = try? await store.session(id: id)
            heard.withLock { $0.append(.deleted(id, stillStored: stored != nil)) }
        }
    }

    /// Whole seconds, so dates survive the store's round trip exactly.
    static let start = Date(timeIntervalSince1970: 1_750_000_000)

    func withLifecycle(_ body: (SessionLifecycle, Store, [Listener]) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-lifecycle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try Store(path: folder.appendingPathComponent("vigil.sqlite").path)
        let lifecycle = SessionLifecycle(store: store, logger: Logger(label: "test"))
        let listeners = [Listener(store: store), Listener(store: store)]
        for listener in listeners { await lifecycle.subscribe(listener) }
        try await body(lifecycle, store, listeners)
    }

    @Test("ending a session: each service hears it once, with the end the store recorded; a second end is refused and heard by no one")
    func end() async throws {
        try await withLifecycle { lifecycle, _, listeners in
            let id = try await lifecycle.open(title: "Backend", candidateName: "Ada", interviewerName: "Grace", at: Self.start).info.id
            let end = Self.start.addingTimeInterval(600)
            let ended = try await lifecycle.end(id, at: end)
            #expect(ended.endedAt == end)
            await #expect(throws: StoreError.sessionEnded(id, at: end)) { try await lifecycle.end(id, at: end.addingTimeInterval(5)) }
            for listener in listeners {
                #expect(listener.news == [.ended(id, at: end, storedEnd: end)])
            }
        }
    }

    @Test("deleting a live session: each service hears it once, after the store forgot it; deleting again changes nothing")
    func delete() async throws {
        try await withLifecycle { lifecycle, store, listeners in
            let id = try await lifecycle.open(title: nil, candidateName: "Ada", interviewerName: "Grace", at: Self.start).info.id
            let kept = try await lifecycle.open(title: nil, candidateName: "Alan", interviewerName: "Grace", at: Self.start).info.id
            #expect(try await lifecycle.delete(id))
            #expect(try await lifecycle.delete(id) == false)
            #expect(try await store.session(id: id) == nil)
            #expect(try await store.session(id: kept) != nil)
            for listener in listeners {
                #expect(listener.news == [.deleted(id, stillStored: false)])
            }
        }
    }

    @Test("the retention purge: an ended session and a live one past the cutoff are each heard once, a recent one not at all")
    func purge() async throws {
        try await withLifecycle { lifecycle, store, listeners in
            let old = try await lifecycle.open(title: nil, candidateName: "Ada", interviewerName: "Grace", at: Self.start).info.id
            let oldLive = try await lifecycle.open(title: nil, candidateName: "Alan", interviewerName: "Grace", at: Self.start).info.id
            let recent = try await lifecycle.open(title: nil, candidateName: "Edsger", interviewerName: "Grace",
                                                  at: Self.start.addingTimeInterval(3 * 86_400)).info.id
            let oldEnd = Self.start.addingTimeInterval(60)
            _ = try await lifecycle.end(old, at: oldEnd)
            let cutoff = Self.start.addingTimeInterval(86_400)
            let purged = try await lifecycle.purge(before: cutoff)
            #expect(Set(purged) == [old, oldLive])
            #expect(try await lifecycle.purge(before: cutoff).isEmpty, "a second purge finds nothing more")
            #expect(try await store.session(id: recent) != nil)
            for listener in listeners {
                let news = listener.news
                #expect(news.first == .ended(old, at: oldEnd, storedEnd: oldEnd))
                #expect(Set(news.dropFirst().map { "\($0)" }) == Set([old, oldLive].map { "\(Listener.News.deleted($0, stillStored: false))" }))
                #expect(news.count == 3, "end, then one deletion each: \(news)")
            }
        }
    }
}
