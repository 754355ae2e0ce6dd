import Foundation
import Testing

/// A server with the identity check off (`VIGIL_IDENTITY_FPS=0`) never loads dlib's network:
/// its analysis workers start from a model folder that lacks the network's file, and say so.
/// No browser: the real `vigil serve` only.
@Suite struct IdentityNetworkServerTests {
    @Test(.timeLimit(.minutes(3)))
    func aServerWithTheIdentityCheckOffStartsItsWorkersWithoutDlib() async throws {
        let models = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-no-dlib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: models, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: models) }
        let real = VigilServerProcess.repository.appendingPathComponent("models").resolvingSymlinksInPath()
        for file in try FileManager.default.contentsOfDirectory(atPath: real.path) where file != "dlib_face_recognition_resnet_model_v1.dat" {
            try FileManager.default.createSymbolicLink(at: models.appendingPathComponent(file),
                                                       withDestinationURL: real.appendingPathComponent(file).resolvingSymlinksInPath())
        }
        let off = VigilServerProcess(environment: ["VIGIL_IDENTITY_FPS": "0", "VIGIL_MODELS": models.path])
        defer { off.stop(); off.removeFiles() }
        try await off.start()
        try await Self.waitForWorkers(off)
        #expect(off.log.contains("analysis workers started") && off.log.contains("identity_network=not loaded"), "\(off.log)")
        #expect(!off.log.contains("cannot start"), "\(off.log)")

        // The default (1 identity frame a second) needs the network, and says it loaded it.
        let on = VigilServerProcess(environment: ["VIGIL_MODELS": real.path])
        defer { on.stop(); on.removeFiles() }
        try await on.start()
        try await Self.waitForWorkers(on)
        #expect(on.log.contains("identity_network=loaded"), "\(on.log)")
    }

    /// `start()` waits for the workers only within its own 30 s; a loaded machine takes longer
    /// to compile the models (18 s seen for two workers of the debug build).
    static func waitForWorkers(_ server: VigilServerProcess) async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !server.log.contains("analysis workers") { try await Task.sleep(for: .milliseconds(200)) }
    }
}
