import Foundation

/// Where recordings live: `DATA/recordings/SESSION.webm`. One place that names the files, so
/// the recorder, the routes and the deletion agree.
struct RecordingFolder: Sendable {
    let url: URL

    init(dataDirectory: String) {
        url = URL(fileURLWithPath: dataDirectory).appendingPathComponent("recordings", isDirectory: true)
    }

    func fileName(session id: String) -> String { "\(id).webm" }

    func file(named name: String) -> URL { url.appendingPathComponent(name) }

    func file(session id: String) -> URL { file(named: fileName(session: id)) }

    /// Bytes the folder's files take now.
    func bytesUsed() -> Int64 {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.reduce(Int64(0)) { total, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: url.appendingPathComponent(name).path)[.size] as? NSNumber)?.int64Value
            return total + (size ?? 0)
        }
    }
}
