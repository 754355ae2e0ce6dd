import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The few REST calls the load bench needs: create a session with the admin key, read its relay
/// status, end it.
public struct LoadServerAPI: Sendable {
    public let server: String
    public let adminKey: String

    public init(server: String, adminKey: String) {
        self.server = server.hasSuffix("/") ? String(server.dropLast()) : server
        self.adminKey = adminKey
    }

    public struct CreatedSession: Sendable {
        public let id: String
        public let candidateToken: String
        public let interviewerToken: String
    }

    public func createSession(title: String) async throws(LoadError) -> CreatedSession {
        let json = try await call("POST", "/api/sessions", body: ["title": title, "candidate_name": "Load candidate", "interviewer_name": "Load interviewer"], expect: 201)
        guard let id = json["id"] as? String, let links = json["links"] as? [String: String],
              let candidate = links["candidate"].flatMap(Self.token), let interviewer = links["interviewer"].flatMap(Self.token) else {
            throw .server("POST /api/sessions answered without an id and candidate/interviewer links")
        }
        return CreatedSession(id: id, candidateToken: candidate, interviewerToken: interviewer)
    }

    /// `analysis_fps` of `GET /api/sessions/:id/relay` (nil if the server does not report it).
    public func analysisFPS(session: String) async throws(LoadError) -> Double? {
        try await call("GET", "/api/sessions/\(session)/relay", expect: 200)["analysis_fps"] as? Double
    }

    public func end(session: String) async throws(LoadError) {
        _ = try await call("PUT", "/api/sessions/\(session)/end", expect: 200)
    }

    static func token(_ link: String) -> String? {
        URLComponents(string: link)?.queryItems?.first { $0.name == "token" }?.value
    }

    private func call(_ method: String, _ path: String, body: [String: String]? = nil, expect: Int) async throws(LoadError) -> [String: Any] {
        guard let url = URL(string: server + path) else { throw .server("\(server + path) is not a URL; pass --server like http://127.0.0.1:8080") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.timeoutInterval = 30
        request.setValue("Bearer \(adminKey)", forHTTPHeaderField: "Authorization")
        if let body {
            request.httpBody = try? JSONSerialization.data(withJSONObject: body)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw .server("\(method) \(path) failed: \(error.localizedDescription); is `vigil serve` running at \(server)?")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == expect else {
            let hint = status == 401 ? " (wrong --admin-key?)" : ""
            throw .server("\(method) \(path) answered \(status)\(hint): \(String(decoding: data.prefix(300), as: UTF8.self))")
        }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}
