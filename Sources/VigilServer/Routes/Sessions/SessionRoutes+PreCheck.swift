import Foundation
import Hummingbird
import NIOCore
import VigilProctoring
import VigilStore

/// The candidate page's pre-check before Join: one JPEG frame of the candidate's camera, judged by
/// the server's face detector (face in view, one person, lit well enough).
extension SessionRoutes {
    /// A 640x480 camera frame is 20–80 KB as JPEG; anything over this is not a camera frame.
    static let maxPreCheckFrameBytes = 1024 * 1024

    // MARK: POST /api/sessions/:id/precheck

    func preCheck(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        _ = try await auth.require(request, session: session, roles: [.candidate], action: "run the camera pre-check")
        if let ended = session.endedAt { throw StoreError.sessionEnded(session.id, at: ended) }
        guard let preCheck = candidatePreCheck else {
            throw APIError(.serviceUnavailable, "precheck_unavailable", "this server runs no pre-check detectors")
        }
        let declared = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard declared == "image/jpeg" else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type",
                           "send one camera frame as the body with 'Content-Type: image/jpeg', not '\(declared ?? "nothing")'")
        }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: Self.maxPreCheckFrameBytes)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "frame_too_large", "the frame is larger than \(Self.maxPreCheckFrameBytes / 1024) KiB; send a camera frame of at most 1280x720 as JPEG")
        }
        let bytes = Array(buffer: body)
        // Every JPEG starts with the SOI marker and a marker segment (FF D8 FF).
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8, bytes[2] == 0xFF else {
            throw APIError(.unprocessableContent, "not_a_jpeg", "the body is not a JPEG image (it does not start with FF D8 FF); send the frame as JPEG")
        }
        let verdict: PreCheckVerdict
        do throws(CandidatePreCheck.CheckError) {
            verdict = try await preCheck.check(jpeg: bytes)
        } catch {
            switch error {
            case .notAnImage(let reason):
                throw APIError(.unprocessableContent, "not_a_jpeg", "the body is not a readable JPEG image (\(reason))")
            case .detectorsUnavailable(let reason):
                context.logger.error("pre-check detectors unavailable", metadata: ["reason": "\(reason)"])
                throw APIError(.serviceUnavailable, "precheck_unavailable", "the server's detectors cannot run the pre-check now; try again later")
            }
        }
        context.logger.debug("pre-check", metadata: ["session": "\(session.id)", "ok": "\(verdict.ok)", "faces": "\(verdict.faces)"])
        return try JSONResponse.make(verdict)
    }
}
