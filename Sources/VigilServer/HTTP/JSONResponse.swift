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
    /// Refuses a body declared as something other than JSON (415) and an object that names a key
    /// twice (400): parsers disagree on which copy wins, so such a body has no one meaning.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        if let declared = request.headers[.contentType], !acceptsAsJSON(declared) {
            throw APIError(.unsupportedMediaType, "unsupported_media_type",
                           "the body is declared as '\(declared)'; send JSON with 'Content-Type: application/json'")
        }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else {
            throw APIError(.badRequest, "bad_json", "the body is empty; send a JSON object")
        }
        let data = Data(buffer: buffer)
        let value: T
        do {
            value = try ReportJSON.decoder().decode(T.self, from: data)
        } catch {
            throw APIError.badJSON(error)
        }
        switch DuplicateKeyScanner.firstProblem(in: data) {
        case .duplicate(let key)?:
            throw APIError(.badRequest, "bad_json", "the body names the key '\(key)' twice in one object; send each field once")
        case .trailingComma?:
            throw APIError(.badRequest, "bad_json", "malformed JSON: a comma before a closing bracket")
        case nil:
            break
        }
        return value
    }

    /// JSON media types, and curl's default for `-d` (form-urlencoded), which the README's
    /// examples send; a body that is not JSON still fails to decode.
    static func acceptsAsJSON(_ contentType: String) -> Bool {
        let media = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        return media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json"))
            || media == "application/x-www-form-urlencoded"
    }
}
