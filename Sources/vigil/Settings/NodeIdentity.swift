import ArgumentParser
import Foundation

/// This node's id among the nodes of one PostgreSQL store: `--node-id` / VIGIL_NODE_ID, else the
/// one kept in DATA_DIR/node.id, else a new one (`HOSTNAME-` and 8 random hex digits) written
/// there, so a restart on the same data folder is the same node and recovers its own sessions.
/// Two nodes must not share a data folder (nor an id).
enum NodeIdentity {
    static func resolve(_ given: String?, dataDirectory: String) throws -> String {
        if let given {
            guard Self.isValid(given) else {
                throw ValidationError("node id '\(given)' must be 1-100 letters, digits, '.', '_', ':' or '-' (set --node-id / VIGIL_NODE_ID)")
            }
            return given
        }
        let path = dataDirectory + "/node.id"
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            let kept = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if Self.isValid(kept) { return kept }
        }
        let host = ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "node"
        let id = "\(host.filter { $0.isLetter || $0.isNumber || $0 == "-" }.prefix(60))-\(String(UInt32.random(in: .min ... .max), radix: 16))"
        do {
            try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
            try Data((id + "\n").utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw ValidationError("cannot keep the node id in \(path): \(error). Make the data folder writable or set --node-id / VIGIL_NODE_ID")
        }
        return id
    }

    static func isValid(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 100 && id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._:-".contains($0)) }
    }
}
