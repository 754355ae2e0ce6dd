import Foundation
import Hummingbird
import NIOCore

/// The browser side, served from `signaling/`: the start page at `/`, the join pages at
/// `/join/candidate|interviewer|proctor?session=…&token=…` (the links `POST /api/sessions`
/// hands out), and their ES modules, stylesheet and the signaling JSON Schema under
/// `/signaling/`. Files are read once at start-up; no CDN, nothing fetched elsewhere.
struct PagesRoutes: Sendable {
    let files: [String: Data]

    /// Reads every page, module, stylesheet and schema in the folder (one level of
    /// subfolders), keyed by their path relative to it.
    init(folder: URL) throws {
        var files: [String: Data] = [:]
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw APIError(.internalServerError, "pages_missing", "cannot read the pages folder \(folder.path)")
        }
        let base = folder.resolvingSymlinksInPath().path
        for case let url as URL in enumerator where ["html", "js", "css", "json"].contains(url.pathExtension) {
            let path = url.resolvingSymlinksInPath().path
            guard path.hasPrefix(base + "/") else { continue }
            files[String(path.dropFirst(base.count + 1))] = try Data(contentsOf: url)
        }
        for page in ["index.html", "candidate.html", "interviewer.html", "proctor.html"] where files[page] == nil {
            throw APIError(.internalServerError, "pages_missing", "the pages folder \(folder.path) has no \(page)")
        }
        self.files = files
    }

    func register(on router: Router<VigilRequestContext>) {
        router.get("/") { _, _ in serve("index.html") }
        router.get("/console") { _, _ in try asset("console.html", page: true) }
        router.get("/join/:role") { _, context in
            let role = try context.parameters.require("role")
            guard ["candidate", "interviewer", "proctor"].contains(role) else {
                throw APIError(.notFound, "no_such_page", "there is no '\(role)' page; join links are /join/candidate, /join/interviewer and /join/proctor")
            }
            return serve("\(role).html")
        }
        // The review page (recording, timeline, decisions); it reads with the link's token.
        router.get("/review") { _, _ in serve("review.html") }
        router.get("/signaling/:file") { _, context in try asset(try context.parameters.require("file")) }
        router.get("/signaling/js/:file") { _, context in try asset("js/" + (try context.parameters.require("file"))) }
    }

    private func asset(_ path: String, page: Bool = false) throws -> Response {
        guard files[path] != nil, page || !path.hasSuffix(".html") else {
            throw APIError(.notFound, "no_such_file", "no file /signaling/\(path)")
        }
        return serve(path)
    }

    private func serve(_ path: String) -> Response {
        let type = switch URL(fileURLWithPath: path).pathExtension {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        default: "application/json; charset=utf-8"
        }
        var response = Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: files[path] ?? Data())))
        // Pages run only code from this server, and talk only to it.
        response.headers[.contentSecurityPolicy] = "default-src 'self'; connect-src 'self' ws: wss:; media-src 'self' blob: mediastream:; img-src 'self' data:; style-src 'self'"
        response.headers[.cacheControl] = "no-cache"
        return response
    }
}
