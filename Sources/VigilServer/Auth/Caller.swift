import Foundation
import Hummingbird
import VigilCore
import VigilStore

/// Who is calling a session route: the operator (admin key) or a participant of that session.
enum Caller: Sendable, Equatable {
    case admin
    case participant(ParticipantRole)

    var name: String {
        switch self {
        case .admin: "admin"
        case .participant(let role): role.rawValue
        }
    }
}
