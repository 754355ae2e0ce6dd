import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// The session's WebM recording, with HTTP range requests (a `<video>` element seeks with
/// them), while the call runs (the file grows) and after it ended. On several nodes the file
/// stays on the node that recorded it; any other node forwards the request there.
extension SessionRoutes {
    // MARK: GET /api/sessions/:id/recording

    /// At most this much is sent for one open-ended range; the player asks for the rest.
    static let maxRangeBytes: Int64 = 8 * 1024 * 1024

    func recording(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        _ = try await auth.require(request, session: session, roles: [.interviewer, .proctor], action: "watch the recording")
        guard let record = try await store.recording(session: session.id), record.hasFile, let name = record.file else {
            throw APIError(.notFound, "recording_not_found", "session \(session.id) has no recording (recorded: \(try await store.recording(session: session.id)?.state.rawValue ?? "no"))")
        }
        let file = RecordingFolder(dataDirectory: configuration.dataDirectory).file(named: name)
        // Another node's file: that node answers (range and all), or 503 naming it when it is down.
        if !FileManager.default.fileExists(atPath: file.path),
           let answer = try await fileProxy?.answer(request, owner: record.node, what: "the recording of session \(session.id)") {
            return answer
        }
        guard let handle = FileHandle(forReadingAtPath: file.path) else {
            throw APIError(.notFound, "recording_not_found", "the recording file of session \(session.id) is missing")
        }
        defer { try? handle.close() }
        let size = Int64((try? handle.seekToEnd()) ?? 0)
        var headers: HTTPFields = [.contentType: "video/webm", .acceptRanges: "bytes"]
        headers[.cacheControl] = "no-store"
        switch ByteRange.parse(request.headers[.range], size: size) {
        case .unsatisfiable:
            headers[.contentRange] = "bytes */\(size)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        case .whole:
            try handle.seek(toOffset: 0)
            let data = try handle.read(upToCount: Int(size)) ?? Data()
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        case .range(let asked):
            let range = ByteRange(first: asked.first, last: min(asked.last, asked.first + Self.maxRangeBytes - 1))
            try handle.seek(toOffset: UInt64(range.first))
            let data = try handle.read(upToCount: Int(range.length)) ?? Data()
            headers[.contentRange] = "bytes \(range.first)-\(range.first + Int64(data.count) - 1)/\(size)"
            return Response(status: .partialContent, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}
