import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import VigilCore
import VigilStore

/// The recorded-video analysis queue over HTTP (admin key): `POST /api/analyses` queues a file
/// (a path the nodes can read, or the video itself as the body), `GET /api/analyses/:id` shows
/// its state, progress and node, and once done the summary and the session's events;
/// `GET /api/analyses` lists the newest jobs. The jobs are run by `AnalysisJobRunner` on any node.
struct AnalysisRoutes: Sendable {
    let store: Store
    let auth: TokenCheck
    /// Uploads are kept in DATA_DIR/uploads.
    let dataDirectory: String
    let maxUploadBytes: Int
    /// This node's runner (nil with `--analysis-jobs 0`), told at once of a job posted here.
    let runner: AnalysisJobRunner?

    struct PathBody: Decodable {
        var path: String
        /// As `POST /api/sessions` takes it; absent: the standard preset.
        var policy: PolicyValue?
    }

    struct JobAnswer: Encodable {
        var id: Int64
        var state: AnalysisJob.State
        var source: String
        var policy: SessionPolicy
        var node: String?
        var attempt: Int
        var progress: Double
        var createdAt: Date
        var startedAt: Date?
        var finishedAt: Date?
        var error: String?
        /// The stored session (`GET /api/sessions/:id` serves its report in every format).
        var session: String?
        var summary: AnalysisResult?
        /// The session's report (its events, score), as `vigil analyze` prints it: once done.
        var report: Report?

        init(_ job: AnalysisJob, report: Report? = nil) {
            id = job.id
            state = job.state
            source = job.source
            policy = job.policy
            node = job.node
            attempt = job.attempt
            progress = job.progress
            createdAt = job.createdAt
            startedAt = job.startedAt
            finishedAt = job.finishedAt
            error = job.error
            session = job.session
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            summary = job.resultJSON.flatMap { try? decoder.decode(AnalysisResult.self, from: Data($0.utf8)) }
            self.report = report
        }
    }

    struct ListAnswer: Encodable {
        var analyses: [JobAnswer]
    }

    func register(on router: Router<VigilRequestContext>) {
        router.post("/api/analyses") { request, context in
            _ = try auth.requireAdmin(request)
            let (source, policy) = try await submittedFile(request, context)
            let job = try await store.enqueueAnalysisJob(source: source, policy: policy)
            await runner?.poke()
            var response = try JSONResponse.make(JobAnswer(job), status: .created)
            response.headers[.location] = "/api/analyses/\(job.id)"
            return response
        }
        router.get("/api/analyses") { request, _ in
            _ = try auth.requireAdmin(request)
            let limit = try request.uri.queryParameters["limit"].map { text in
                guard let number = Int(String(text)), (1...1000).contains(number) else {
                    throw APIError(.badRequest, "bad_limit", "limit must be a whole number from 1 to 1000, not '\(text)'")
                }
                return number
            } ?? 100
            return try JSONResponse.make(ListAnswer(analyses: try await store.analysisJobs(limit: limit).map { JobAnswer($0) }))
        }
        router.get("/api/analyses/:id") { request, context in
            _ = try auth.requireAdmin(request)
            let text = try context.parameters.require("id")
            guard let id = Int64(text), let job = try await store.analysisJob(id: id) else {
                throw APIError(.notFound, "analysis_not_found", "no analysis job with id \(text) (GET /api/analyses lists them)")
            }
            var report: Report?
            if job.state == .done, let sessionID = job.session, let session = try await store.session(id: sessionID) {
                report = Report(session: session, events: try await store.events(session: sessionID),
                                policy: try await store.policy(session: sessionID), generatedAt: Date())
            }
            return try JSONResponse.make(JobAnswer(job, report: report))
        }
    }

    /// The file to analyse and its policy: a readable absolute path from a JSON body (with an
    /// optional policy), or the uploaded video saved under DATA_DIR/uploads (standard policy).
    private func submittedFile(_ request: Request, _ context: VigilRequestContext) async throws -> (String, SessionPolicy) {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        if type.hasPrefix("video/") || type.hasPrefix("application/octet-stream") {
            return (try await saveUpload(request, type: type), .standard)
        }
        guard type.isEmpty || JSONResponse.acceptsAsJSON(type) else {
            throw APIError(.unsupportedMediaType, "unsupported_media_type",
                           "the body is declared as '\(type)'; send {\"path\": \"/absolute/file.webm\"} as application/json, or the video itself as video/webm, video/mp4 (any video/*)")
        }
        let body = try await JSONResponse.decode(PathBody.self, from: request, context: context)
        let path = body.path, policy = try SessionRoutes.policy(body.policy)
        guard path.hasPrefix("/") else {
            throw APIError(.badRequest, "bad_path", "path must be absolute (the node that runs the job reads it), not '\(path)'")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw APIError(.badRequest, "file_not_found", "there is no file at \(path) on this server; give the path of a video it can read (on several nodes, one every node reads: a shared folder)")
        }
        guard !isFolder.boolValue, FileManager.default.isReadableFile(atPath: path) else {
            throw APIError(.badRequest, "file_unreadable", "\(path) is \(isFolder.boolValue ? "a folder" : "not readable by the server's user"); give a video file it can read")
        }
        return (path, policy)
    }

    /// Streams the body to DATA_DIR/uploads/NAME, refusing (and deleting) it past the cap.
    private func saveUpload(_ request: Request, type: String) async throws -> String {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > maxUploadBytes {
            throw tooLarge
        }
        let folder = URL(fileURLWithPath: dataDirectory).appendingPathComponent("uploads", isDirectory: true)
        let subtype = type.dropFirst(type.hasPrefix("video/") ? 6 : type.count).prefix { $0.isLetter || $0.isNumber }
        let file = folder.appendingPathComponent("\(UUID().uuidString.lowercased()).\(subtype.isEmpty ? "video" : String(subtype))")
        let handle: FileHandle
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: file.path, contents: nil) else { throw CocoaError(.fileWriteNoPermission) }
            handle = try FileHandle(forWritingTo: file)
        } catch {
            throw APIError(.serviceUnavailable, "upload_unwritable", "cannot save the upload in \(folder.path): \(error); check that the data folder is writable")
        }
        var written = 0
        do {
            defer { try? handle.close() }
            for try await buffer in request.body {
                written += buffer.readableBytes
                if written > maxUploadBytes { throw tooLarge }
                try handle.write(contentsOf: Data(buffer: buffer))
            }
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: file)
            if let error = error as? APIError { throw error }
            throw APIError(.badRequest, "upload_failed", "the upload broke off after \(written) bytes: \(error)")
        }
        guard written > 0 else {
            try? FileManager.default.removeItem(at: file)
            throw APIError(.badRequest, "empty_upload", "the body is empty; send the video file as the body, or {\"path\": …} as JSON")
        }
        return file.path
    }

    private var tooLarge: APIError {
        APIError(.contentTooLarge, "upload_too_large",
                 "the video is larger than the \(maxUploadBytes / (1024 * 1024)) MiB this server takes (--max-analysis-upload-mb); post its path instead if the server can read it")
    }
}
