import Foundation

/// Where recordings live: `DATA/recordings/SESSION.webm`. One place that names the files, so
/// the recorder, the routes and the deletion agree.
struct RecordingFolder: Sendable {
    let url: URL

    init(dataDirectory: String) {
        url = URL(fileURLWithPath: dataDirectory).appendingPathComponent("recordings", isDirectory: true)
    }

    /// Clips are cut into `clip-UUID.webm` here and deleted once sent; they belong to no session.
    static let clipPrefix = "clip-"

    func fileName(session id: String) -> String { "\(id).webm" }

    /// A new file to cut one clip into.
    func newClipFile() -> URL { url.appendingPathComponent("\(Self.clipPrefix)\(UUID().uuidString).webm") }

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
