import Dispatch
import Foundation
import Hummingbird
import VigilCore
import VigilMedia
import VigilStore

/// An event's clip: the recording from 5 s before the event's start to 5 s after its end (an
/// open event: until now), cut on key frames without re-encoding (`RecordingClip`).
extension SessionRoutes {
    // MARK: GET /api/sessions/:id/events/:event/clip

    static let clipMarginSeconds = 5.0

    func clip(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        _ = try await auth.require(request, session: session, roles: [.interviewer, .proctor], action: "watch an event's clip")
        guard let eventID = Int64(try context.parameters.require("event")),
              let event = try await store.events(session: session.id).first(where: { $0.id == eventID }) else {
            throw APIError(.notFound, "event_not_found", "no such event in session \(session.id)")
        }
        guard let record = try await store.recording(session: session.id), record.hasFile, let name = record.file,
              let startedAt = record.startedAt else {
            throw APIError(.notFound, "recording_not_found", "session \(session.id) has no recording to cut a clip from")
        }
        let folder = RecordingFolder(dataDirectory: configuration.dataDirectory)
        let source = folder.file(named: name)
        // Cut where the recording is: another node's file is that node's to cut.
        if !FileManager.default.fileExists(atPath: source.path),
           let answer = try await fileProxy?.answer(request, owner: record.node, what: "the recording of session \(session.id)") {
            return answer
        }
        guard let template = clipTemplate else {
            throw APIError(.serviceUnavailable, "clips_unavailable", "this server cannot cut clips (pipelines/clip.pipeline was not loaded)")
        }
        let start = event.start.timeIntervalSince(startedAt) - Self.clipMarginSeconds
        let stop = (event.end ?? Date()).timeIntervalSince(startedAt) + Self.clipMarginSeconds
        let clip = folder.newClipFile()
        defer { try? FileManager.default.removeItem(at: clip) }
        let cut: Result<Void, MediaError> = await withCheckedContinuation { done in
            DispatchQueue.global(qos: .userInitiated).async {
                do throws(MediaError) {
                    try RecordingClip.cut(source, from: start, to: stop, into: clip, template: template)
                    done.resume(returning: .success(()))
                } catch {
                    done.resume(returning: .failure(error))
                }
            }
        }
        if case .failure(let error) = cut {
            throw APIError(.internalServerError, "clip_failed", "the clip of event \(eventID) could not be cut: \(error.description)")
        }
        let data = try Data(contentsOf: clip)
        var response = Response(status: .ok, headers: [.contentType: "video/webm"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        response.headers[.contentDisposition] = "inline; filename=\"vigil-\(session.id)-event-\(eventID).webm\""
        return response
    }
}
