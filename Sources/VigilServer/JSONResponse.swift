import Foundation
import HTTPTypes
import Hummingbird
import VigilReport

/// Vigil's JSON answers: snake_case keys and ISO 8601 dates with milliseconds, the same encoder the
/// JSON report uses.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try ReportJSON.encoder().encode(value)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func text(_ text: String, contentType: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: contentType], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Decodes a JSON body (already limited to the context's upload size) with snake_case keys.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw APIError(.badRequest, "bad_json", "the body is empty; send a JSON object")
        }
        do {
            return try ReportJSON.decoder().decode(T.self, from: Data(buffer: buffer))
        } catch {
            throw APIError.badJSON(error)
        }
    }
}
