import Foundation
import GRDB
import Testing
import VigilCore
@testable import VigilStore

@Suite("Store: sessions and role tokens")
struct StoreSessionTests {
    static let urlSafe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    @Test("createSession returns three distinct URL-safe tokens of at least 43 characters, one per role", arguments: StoreBackendUnderTest.allCases)
    func threeDistinctURLSafeTokens(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let created = try await store.newSession()
            #expect(Set(created.tokens.keys) == Set(ParticipantRole.allCases))
            let tokens = Array(created.tokens.values)
            #expect(Set(tokens).count == 3)
            for token in tokens {
                #expect(token.count >= 43, "\(token)")
                #expect(Set(token).isSubset(of: Self.urlSafe), "\(token)")
            }
        }
    }

    @Test("createSession stores the session's facts, live", arguments: StoreBackendUnderTest.allCases)
    func storesSessionInfo(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let created = try await store.newSession(at: at(1))
            let info = try #require(try await store.session(id: created.info.id))
            #expect(info == SessionInfo(id: created.info.id, title: "Algorithms", candidateName: "Ada",
                                        interviewerName: "Grace", createdAt: at(1)))
            #expect(info.status == .live)
            #expect(try await store.session(id: "no-such-session") == nil)
        }
    }

    @Test("createSession and endSession return the dates a later read returns, also for fractional seconds", arguments: StoreBackendUnderTest.allCases)
    func sessionDatesRoundTrip(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let created = try await store.newSession(at: at(0.1))
            let ended = try await store.endSession(id: created.info.id, at: at(60.1))
            let read = try #require(try await store.session(id: created.info.id))
            // Dates pass through a Double since 1970 (at(0.1) comes back 1.2e-7 s off): what
            // createSession and endSession return must equal what a later read returns.
            #expect(created.info.createdAt == read.createdAt)
            #expect(ended.endedAt == read.endedAt)
            #expect(abs(read.createdAt.timeIntervalSince(at(0.1))) < 1e-6)
        }
    }

    @Test("role_token holds one 32-byte SHA-256 per role, not the tokens", arguments: StoreBackendUnderTest.allCases)
    func tableHoldsHashes(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let created = try await store.newSession()
            // The backend's plain SELECT of the role_token rows.
            let rows = try await store.backend.roleTokenHashes(session: created.info.id)
            #expect(rows.count == 3)
            for row in rows {
                let role = try #require(ParticipantRole(rawValue: row.role))
                let token = try #require(created.tokens[role])
                #expect(row.hash.count == 32)
                #expect(row.hash == TokenHasher.hash(token))
                #expect(row.hash != Data(token.utf8))
            }
        }
    }

    @Test("no plain token appears anywhere in the database files (SQLite: main file and WAL; PostgreSQL: the server's data folder with pg_wal)",
          arguments: StoreBackendUnderTest.allCases)
    func noPlainTokenInFileBytes(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, folder in
            let created = try await store.newSession()
            let root = backend == .sqlite ? folder.url : try await PostgresTestServer.shared().folder.appendingPathComponent("data")
            var bytes = Data()
            let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
            while let file = files?.nextObject() as? URL {
                guard try file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
                bytes.append(try Data(contentsOf: file))
            }
            // The search works: the session id and each token's hash are in the files.
            #expect(bytes.range(of: Data(created.info.id.utf8)) != nil)
            for token in created.tokens.values {
                #expect(bytes.range(of: TokenHasher.hash(token)) != nil)
                #expect(bytes.range(of: Data(token.utf8)) == nil, "plain token \(token) found on disk")
            }
        }
    }

    @Test("role(of:in:) returns the role each token was issued for", arguments: StoreBackendUnderTest.allCases)
    func roleOfEachToken(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let created = try await store.newSession()
            for role in ParticipantRole.allCases {
                let token = try #require(created.tokens[role])
                #expect(try await store.role(of: token, in: created.info.id) == role)
            }
        }
    }

    @Test("role(of:in:) returns nil for a wrong token, an altered token or an empty one", arguments: StoreBackendUnderTest.allCases)
    func roleOfWrongToken(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let created = try await store.newSession()
            let candidate = try #require(created.tokens[.candidate])
            let altered = String(candidate.dropLast()) + (candidate.last == "A" ? "B" : "A")
            #expect(try await store.role(of: TokenHasher.newToken(), in: created.info.id) == nil)
            #expect(try await store.role(of: altered, in: created.info.id) == nil)
            #expect(try await store.role(of: "", in: created.info.id) == nil)
        }
    }

    @Test("role(of:in:) returns nil for a token of another session", arguments: StoreBackendUnderTest.allCases)
    func roleOfOtherSessionsToken(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            let first = try await store.newSession()
            let second = try await store.newSession()
            let secondsProctor = try #require(second.tokens[.proctor])
            #expect(try await store.role(of: secondsProctor, in: first.info.id) == nil)
            #expect(try await store.role(of: secondsProctor, in: second.info.id) == .proctor)
        }
    }
}
