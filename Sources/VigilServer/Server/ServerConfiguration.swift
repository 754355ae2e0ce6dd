import Foundation
import VigilProctoring
import VigilVision

/// Everything an operator can set for `vigil serve`, resolved from flags, environment and
/// defaults before the server starts (flags win over the environment).
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// SQLite file holding sessions, events and snapshots.
    public var databasePath: String
    /// Folder for the generated admin key and other server state.
    public var dataDirectory: String
    /// Folder the detectors load their model files from.
    public var modelsDirectory: String
    /// Bearer key that may create sessions and read every session.
    public var adminKey: String
    /// Base of the join links handed out, e.g. https://vigil.example.com. Defaults to
    /// http://HOST:PORT as the server listens.
    public var publicURL: String?
    /// Request bodies larger than this are refused with 413.
    public var maxBodyBytes: Int = 64 * 1024
    /// How live calls are analysed: one inference thread per analyzer (each worker keeps to a
    /// core, at a lower priority than the relay), no tiled face search (a candidate sits close
    /// to the camera). The rates and the number of workers are `analysisBudget`; dlib's network
    /// is loaded only when the identity check runs (`--identity-fps` above 0).
    public var liveAnalyzer: AnalyzerConfiguration {
        var configuration = AnalyzerConfiguration(modelsDirectory: modelsDirectory, threads: 1, tiledFaceSearch: false)
        configuration.identityCheck = analysisBudget.identityFramesPerSecond > 0
        return configuration
    }
    /// Each live session's analysis rate (faces 10 fps, objects 3 fps by default) and the
    /// server-wide analysis workers sharing the cores between the sessions (one per core).
    public var analysisBudget: AnalysisBudget = .standard

    /// Sessions are deleted this many days after they end (0 keeps them until deleted by hand).
    public var retentionDays: Int = 0
    /// How often, in seconds, sessions past the retention period are looked for (default hourly;
    /// shorter for tests that watch a purge happen).
    public var retentionCheckSeconds: Double = 3600
    /// Sessions one client address may create per minute.
    public var sessionCreationsPerMinute: Int = 60
    /// Requests with a wrong token one client address may make per minute before it gets 429.
    public var authFailuresPerMinute: Int = 30
    /// How far in the future (client clock ahead of ours) a posted event time may lie.
    public var clockSkewSeconds: Double = 5
    /// Reverse proxies whose `Forwarded` / `X-Forwarded-For` headers name the real client for
    /// the per-address limits (none by default: the headers are ignored).
    public var trustedProxies: [String] = []
    /// Seconds a joined page has to answer the server's offer before its pipeline is torn down.
    public var joinTimeoutSeconds: Double = 15
    /// Proctors one session may have in the call at once.
    public var maxProctorsPerSession: Int = 8
    /// Sessions with a page connected to the relay that one server takes at once (also its
    /// capacity as a node on PostgreSQL).
    public var maxLiveSessions: Int = 16
    /// This server as a node of several on one PostgreSQL store (ignored on SQLite).
    public var node = NodeSettings(id: ProcessInfo.processInfo.hostName)
    /// Recorded-video analysis jobs (`POST /api/analyses`) this node runs at once, each with one
    /// analyzer thread at nice 10 (0: this node runs none; another node of the store must).
    public var analysisJobs: Int = 1
    /// An analysis job's rates: the live sessions' (so a job's events match `vigil analyze`'s
    /// defaults), on one worker thread.
    public var analysisJobBudget: AnalysisBudget {
        var budget = analysisBudget
        budget.workers = 1
        return budget
    }
    /// The largest video `POST /api/analyses` takes as an upload (413 above it).
    public var maxAnalysisUploadBytes: Int = 2048 * 1024 * 1024
    /// Signaling messages one socket may send in a burst (and per second, sustained).
    public var signalingMessagesPerSecond: Int = 50
    /// The certificate served over HTTPS and WSS on the same port (nil: plain HTTP, e.g. behind
    /// a TLS-terminating reverse proxy). Reloaded from its files on SIGHUP.
    public var tlsCertificate: ServerCertificate?
    /// `https` with a certificate, else `http`: the scheme of the default join links.
    public var scheme: String { tlsCertificate == nil ? "http" : "https" }

    /// Recordings may fill this many MiB of the data folder's recordings/; once they do, new
    /// sessions are not recorded (the call goes on; the pages and the log say why). Nil: no cap.
    public var recordingDiskCapMB: Int?

    /// Whether the candidate page's camera pre-check runs the detectors before Join (on by
    /// default). Off: the pre-check route answers 503 `precheck_unavailable` and the page lets the
    /// candidate join without it, as it does when the detectors cannot start.
    public var candidatePreCheck = true

    public init(host: String, port: Int, databasePath: String, dataDirectory: String, modelsDirectory: String,
                adminKey: String, publicURL: String? = nil) {
        self.host = host
        self.port = port
        self.databasePath = databasePath
        self.dataDirectory = dataDirectory
        self.modelsDirectory = modelsDirectory
        self.adminKey = adminKey
        self.publicURL = publicURL
    }
}
