import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// An event's evidence JPEG.
extension SessionRoutes {
    // MARK: GET /api/sessions/:id/snapshots/:snapshot

    func snapshot(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let session = try await session(request, context)
        _ = try await auth.require(request, session: session, roles: [.interviewer, .proctor], action: "see snapshots")
        guard let id = Int64(try context.parameters.require("snapshot")),
              let snapshot = try await store.snapshot(id, session: session.id) else {
            throw APIError(.notFound, "snapshot_not_found", "no such snapshot in session \(session.id)")
        }
        var response = Response(status: .ok, headers: [.contentType: "image/jpeg"], body: .init(byteBuffer: ByteBuffer(bytes: snapshot.jpeg)))
        response.headers[.eTag] = "\"\(snapshot.sha256)\""
        return response
    }
}
