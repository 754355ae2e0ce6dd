import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A minimal HTTP client for the tests: raw status, headers and body, no interpretation.
struct APIClient: Sendable {
    let base: URL

    struct Answer: Sendable {
        var status: Int
        var body: Data
        var headers: [String: String]

        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
        var errorCode: String? { (json["error"] as? [String: Any])?["code"] as? String }
        var errorMessage: String? { (json["error"] as? [String: Any])?["message"] as? String }
    }

    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 16
        configuration.timeoutIntervalForRequest = 30
        return URLSession(configuration: configuration)
    }()

    func send(_ method: String, _ path: String, token: String? = nil, body: Data? = nil,
              headers: [String: String] = [:]) async throws -> Answer {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await Self.session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        return Answer(status: http.statusCode, body: data, headers: fields)
    }

    func send(_ method: String, _ path: String, token: String? = nil, json: [String: Any]) async throws -> Answer {
        try await send(method, path, token: token, body: try JSONSerialization.data(withJSONObject: json))
    }
}

/// A session created through the API, with the plain token of each role taken from its links.
struct TestSession: Sendable {
    var id: String
    var candidate: String
    var interviewer: String
    var proctor: String
    var links: [String: String]

    static func create(_ client: APIClient, candidate: String = "Ada Lovelace", interviewer: String = "Grace Hopper") async throws -> TestSession {
        let answer = try await client.send("POST", "/api/sessions", token: ServerProcess.adminKey,
                                           json: ["candidate_name": candidate, "interviewer_name": interviewer, "title": "Backend engineer"])
        guard answer.status == 201, let id = answer.json["id"] as? String,
              let links = answer.json["links"] as? [String: String] else {
            throw CreateError.failed(answer.status, answer.text)
        }
        func token(_ role: String) -> String {
            URLComponents(string: links[role] ?? "")?.queryItems?.first { $0.name == "token" }?.value ?? ""
        }
        return TestSession(id: id, candidate: token("candidate"), interviewer: token("interviewer"), proctor: token("proctor"), links: links)
    }

    enum CreateError: Error { case failed(Int, String) }
}

/// Starts a server for one test and always stops it and removes its files.
func withServer<T>(environment: [String: String] = [:], _ body: (ServerProcess, APIClient) async throws -> T) async throws -> T {
    let server = ServerProcess()
    defer {
        server.stop()
        server.removeFiles()
    }
    try await server.start(extraEnvironment: environment)
    return try await body(server, APIClient(base: server.baseURL))
}
