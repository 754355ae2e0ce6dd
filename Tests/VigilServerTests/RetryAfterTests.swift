import Foundation
import Testing

/// Every 429 says when to come back: a `Retry-After` header in whole seconds, no more than the
/// limiter's one-minute window, and the same figure the error message gives.
@Suite("429 answers carry Retry-After")
struct RetryAfterTests {
    /// The seconds of an answer's `Retry-After`, checked to be a delay within the window.
    private func retryAfter(_ answer: APIClient.Answer) -> Int? {
        guard let text = answer.headers["retry-after"], let seconds = Int(text) else { return nil }
        return (1...60).contains(seconds) ? seconds : nil
    }

    @Test("a wrong token over the failure allowance gets 429 with Retry-After, the wait its message names")
    func wrongTokenRefusalSaysWhenToRetry() async throws {
        try await withServer(environment: ["VIGIL_MAX_AUTH_FAILURES_PER_MINUTE": "3"]) { _, client in
            let session = try await TestSession.create(client)
            var answers: [APIClient.Answer] = []
            for attempt in 1...4 {
                answers.append(try await client.send("GET", "/api/sessions/\(session.id)", token: "wrong-\(attempt)"))
            }
            #expect(answers.map(\.status) == [401, 401, 401, 429])
            let refused = answers[3]
            #expect(refused.headers["retry-after"] != nil, "the 429 has Retry-After: \(refused.headers)")
            #expect(answers.prefix(3).allSatisfy { $0.headers["retry-after"] == nil }, "a 401 does not")
            let seconds = try #require(retryAfter(refused), "Retry-After is whole seconds within the minute: \(refused.headers["retry-after"] ?? "none")")
            #expect(refused.errorMessage?.hasSuffix("wait \(seconds) s") == true, "header and message agree: \(refused.errorMessage ?? "")")
        }
    }

    @Test("session creations over the per-minute allowance get 429 with Retry-After")
    func sessionCreationRefusalSaysWhenToRetry() async throws {
        try await withServer(environment: ["VIGIL_MAX_SESSIONS_PER_MINUTE": "2"]) { _, client in
            _ = try await TestSession.create(client)
            _ = try await TestSession.create(client)
            let refused = try await client.send("POST", "/api/sessions", token: ServerProcess.adminKey,
                                                json: ["candidate_name": "Third", "interviewer_name": "One"])
            #expect(refused.status == 429)
            #expect(refused.errorCode == "too_many_sessions")
            let seconds = try #require(retryAfter(refused), "Retry-After is whole seconds within the minute: \(refused.headers["retry-after"] ?? "none")")
            #expect(refused.errorMessage?.hasSuffix("wait \(seconds) s") == true, "header and message agree: \(refused.errorMessage ?? "")")
        }
    }
}
