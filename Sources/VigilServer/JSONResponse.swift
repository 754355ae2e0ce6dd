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

/// What Foundation's lenient decoder lets through in a document it decoded: a key repeated within
/// one object, or a trailing comma (`{"kind": "x",}`), which strict JSON does not allow.
enum DuplicateKeyScanner {
    enum Problem: Equatable {
        case duplicate(String)
        case trailingComma
    }

    static func firstProblem(in data: Data) -> Problem? {
        let bytes = [UInt8](data)
        // One entry per open container: the keys seen so far, or nil for an array.
        var stack: [Set<String>?] = []
        var expectingKey = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append([])
                expectingKey = true
            case UInt8(ascii: "["):
                stack.append(nil)
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = stack.popLast()
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = stack.last.map { $0 != nil } ?? false
                var next = index + 1
                while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                if next < bytes.count, bytes[next] == UInt8(ascii: "}") || bytes[next] == UInt8(ascii: "]") { return .trailingComma }
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                var escaped = false
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { escaped = true; index += 1 }
                    index += 1
                }
                if expectingKey, var keys = stack.last ?? nil {
                    let raw = Data(bytes[start...min(index, bytes.count - 1)])
                    let key = escaped ? ((try? JSONDecoder().decode(String.self, from: raw)) ?? String(decoding: raw, as: UTF8.self))
                                      : String(decoding: raw.dropFirst().dropLast(), as: UTF8.self)
                    if keys.contains(key) { return .duplicate(key) }
                    keys.insert(key)
                    stack[stack.count - 1] = keys
                    expectingKey = false
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
