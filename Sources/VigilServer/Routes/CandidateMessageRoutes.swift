import Foundation
import Hummingbird
import VigilCore
import VigilMedia
import VigilReport
import VigilStore

/// `POST /api/sessions/:id/messages`: a proctor (or the interviewer, or the admin from the live
/// console) sends the candidate a short message; it is stored with the session first, then shown
/// on the candidate's page (signaling message `notice`). `GET` lists them.
struct CandidateMessageRoutes: Sendable {
    let store: Store
    let auth: TokenCheck
    let hub: RelayHub
    static let maxCharacters = 500

    struct Body: Decodable { var text: String }

    struct List: Encodable { var messages: [CandidateMessage] }

    func register(on router: Router<VigilRequestContext>) {
        router.post("/api/sessions/:id/messages") { request, context in try await send(request, context) }
        router.get("/api/sessions/:id/messages") { request, context in try await list(request, context) }
    }

    private func session(_ request: Request, _ context: VigilRequestContext, action: String) async throws -> (SessionInfo, Caller) {
        guard let token = TokenCheck.bearer(in: request) else {
            throw APIError(.unauthorized, "token_missing", "send a proctor's token or the admin key as 'Authorization: Bearer TOKEN' to \(action)")
        }
        let id = try context.parameters.require("id")
        guard let session = try await store.session(id: id) else {
            let holdsCredential = try await auth.isAdmin(token) ? true : store.isKnownToken(token)
            guard holdsCredential else {
                throw APIError(.unauthorized, "token_invalid", "the bearer token is not valid for session \(id)")
            }
            throw StoreError.sessionNotFound(id)
        }
        let caller = try await auth.require(request, session: session, roles: [.proctor, .interviewer], action: action)
        return (session, caller)
    }

    func send(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (session, caller) = try await session(request, context, action: "send the candidate a message")
        let body = try await JSONResponse.decode(Body.self, from: request, context: context)
        let text = body.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw APIError(.unprocessableContent, "invalid_field", "'text' must not be empty") }
        guard text.count <= Self.maxCharacters else {
            throw APIError(.unprocessableContent, "invalid_field", "'text' is longer than \(Self.maxCharacters) characters; keep the message short")
        }
        try SessionRoutes.plainText(text, field: "text")
        let message = try await store.insertMessage(session: session.id, sender: caller.name, text: text, at: Date())
        let fields: [String: JSONValue] = [
            "type": .string("notice"), "id": .number(Double(message.id)), "text": .string(message.text), "at": .string(Timestamp.format(message.at)),
        ]
        await hub.existing(session.id)?.notify(.message(json: SignalingOutgoing.text(fields)), roles: [.candidate])
        context.logger.info("message sent to the candidate", metadata: ["session": "\(session.id)", "by": "\(caller.name)"])
        return try JSONResponse.make(message, status: .created)
    }

    func list(_ request: Request, _ context: VigilRequestContext) async throws -> Response {
        let (session, _) = try await session(request, context, action: "read the messages to the candidate")
        return try JSONResponse.make(List(messages: try await store.messages(session: session.id)))
    }
}
