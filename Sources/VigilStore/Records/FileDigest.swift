import Crypto
import Foundation

/// Size and SHA-256 of a file (a closed recording), read in 1 MiB pieces, so reports can prove
/// the file was not altered. Nil when the file cannot be read.
struct FileDigest: Sendable {
    var bytes: Int64
    var sha256: String

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var total: Int64 = 0
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            total += Int64(chunk.count)
        }
        bytes = total
        sha256 = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
