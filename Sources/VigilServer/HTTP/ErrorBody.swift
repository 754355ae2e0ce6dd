import Foundation

/// The wire shape of an error answer.
struct ErrorBody: Codable {
    struct Detail: Codable {
        var code: String
        var message: String
    }

    var error: Detail
}
