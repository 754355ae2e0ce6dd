import Foundation
import HTTPTypes
import Hummingbird
import VigilStore

/// An error answer: an HTTP status and a JSON body `{"error": {"code", "message"}}` whose message
/// tells the caller what to change.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Extra headers for the answer (e.g. `Allow` on a 405).
    public var headers: HTTPFields = [:]

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(ErrorBody(error: .init(code: code, message: message)))
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func badJSON(_ error: any Error) -> APIError {
        APIError(.badRequest, "bad_json", "the body is not the JSON this route expects: \(DecodingErrorText(error))")
    }

    static func from(_ error: StoreError) -> APIError {
        switch error {
        case .sessionNotFound: APIError(.notFound, "session_not_found", error.description)
        case .sessionEnded: APIError(.conflict, "session_ended", error.description)
        case .eventNotFound: APIError(.notFound, "event_not_found", error.description)
        case .cannotOpen, .badLocation, .cannotConnect, .writeFailed, .readFailed:
            APIError(.serviceUnavailable, "storage_unavailable", error.description)
        case .noNodeWithRoom:
            APIError(.serviceUnavailable, "no_node_available", error.description, headers: [.retryAfter: "2"])
        }
    }
}
