import ArgumentParser
import Foundation
import VigilStore

/// The operator's key: from VIGIL_ADMIN_KEY, else from DATA_DIR/admin.key, else a new random key
/// written there (mode 0600) so restarts keep it.
struct AdminKey {
    var value: String
    /// The file it came from, nil when it came from the environment.
    var file: String?

    static func resolve(environment: [String: String], dataDirectory: String) throws -> AdminKey {
        if let key = environment["VIGIL_ADMIN_KEY"], !key.isEmpty {
            guard key.count >= 16 else {
                throw ValidationError("VIGIL_ADMIN_KEY is shorter than 16 characters; use a long random key")
            }
            return AdminKey(value: key, file: nil)
        }
        let path = dataDirectory + "/admin.key"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if key.count >= 16 { return AdminKey(value: key, file: path) }
        }
        let key = TokenHasher.newToken()
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            let written = FileManager.default.createFile(
                atPath: path, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
            guard written else { throw CocoaError(.fileWriteNoPermission) }
        } catch {
            throw ValidationError("cannot write the admin key to \(path): \(error). Make the data folder writable or set VIGIL_ADMIN_KEY")
        }
        return AdminKey(value: key, file: path)
    }
}
