import AsyncHTTPClient
import Foundation
import HTTPTypes
import Logging
import Hummingbird
import NIOCore
import NIOHTTP1
import VigilCore
import VigilStore

/// Serves a file that lives in another node's data folder (a recording, or a clip cut from it)
/// by asking that node for it: the same path and query, the same `Authorization` and `Range`,
/// its answer streamed back as it arrives. Files stay where they were written (issue 15,
/// files); the store says which node wrote each (`recording.node_id`) and where that node
/// listens (`node.url`).
///
/// A forwarded request carries `X-Vigil-Proxied-By`, and a request carrying it is never
/// forwarded again: a file missing on its owner is a 404 there, not a loop between nodes.
struct NodeFileProxy: Sendable {
    static var proxiedBy: HTTPField.Name { HTTPField.Name("X-Vigil-Proxied-By")! }
    /// Headers of the owner's answer that a player or a download needs.
    static let answerHeaders: [HTTPField.Name] = [.contentType, .contentLength, .contentRange, .acceptRanges, .contentDisposition,
                                                  .cacheControl, .eTag]
    /// Long enough for a whole recording over a LAN; a `<video>` element asks in ranges of 8 MiB.
    static let timeout: TimeAmount = .seconds(300)

    let node: NodeMembership
    var client: HTTPClient = nodeClient

    /// The owner's answer for this request when the file is `owner`'s and this request may be
    /// forwarded; nil when the file is this node's (or its node is unknown, or the request was
    /// itself forwarded), so the caller answers from its own folder. `what` names the file in
    /// the error a person reads when the owner cannot answer (503 `file_node_unavailable`).
    func answer(_ request: Request, owner: String?, what: String) async throws -> Response? {
        guard let owner, owner != node.id, request.headers[Self.proxiedBy] == nil else { return nil }
        let nodes = try await node.store.nodes()
        guard let record = nodes.first(where: { $0.id == owner }) else {
            throw unavailable("\(what) is in the data folder of node \(owner), which is not registered in the database")
        }
        guard record.failedAt == nil, record.heartbeatAt >= node.aliveSince() else {
            throw unavailable("\(what) is in the data folder of node \(owner) (\(record.url)), which is not running "
                              + "(last heartbeat \(Timestamp.format(record.heartbeatAt))); it can be served again once that node is back")
        }
        let query = request.uri.query.map { "?" + $0 } ?? ""
        var forwarded = HTTPClientRequest(url: record.url + request.uri.path + query)
        forwarded.method = .GET
        for name in [HTTPField.Name.authorization, .range, .ifRange] {
            if let value = request.headers[name] { forwarded.headers.add(name: name.rawName, value: value) }
        }
        forwarded.headers.add(name: Self.proxiedBy.rawName, value: node.id)
        let answer: HTTPClientResponse
        do {
            answer = try await client.execute(forwarded, timeout: Self.timeout)
        } catch {
            throw unavailable("\(what) is in the data folder of node \(owner) (\(record.url)), which did not answer: \(error)")
        }
        var headers = HTTPFields()
        for name in Self.answerHeaders {
            if let value = answer.headers.first(name: name.rawName) { headers[name] = value }
        }
        headers[Self.proxiedBy] = owner
        return Response(status: .init(code: Int(answer.status.code), reasonPhrase: answer.status.reasonPhrase),
                        headers: headers, body: ResponseBody(asyncSequence: answer.body))
    }

    private func unavailable(_ message: String) -> APIError {
        APIError(.serviceUnavailable, "file_node_unavailable", message, headers: [.retryAfter: "30"])
    }
}

/// One client for the process (never shut down, like `HTTPClient.shared`), failing fast when a
/// node does not answer: a node killed a moment ago still looks alive in the store until its
/// heartbeat times out, and its caller should get a 503 in seconds, not after the retries of a
/// connection that will not come (the shared client retries until the request's deadline).
private let nodeClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    configuration.timeout = .init(connect: .seconds(3), read: .seconds(60))
    configuration.connectionPool.retryConnectionEstablishment = false
    configuration.redirectConfiguration = .disallow
    return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration,
                      backgroundActivityLogger: Logger(label: "vigil.node-files"))
}()
