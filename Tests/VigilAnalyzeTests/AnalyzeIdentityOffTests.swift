import Foundation
import Testing
import VigilStore

extension AnalyzeEndToEnd.IdentityCheck {
    /// The test models without dlib's file (symbolic links to the others).
    static func modelsWithoutDlib() throws -> String {
        let folder = TestMedia.folder.appendingPathComponent("models-without-dlib-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let real = URL(fileURLWithPath: TestMedia.models).resolvingSymlinksInPath()
        for file in try FileManager.default.contentsOfDirectory(atPath: real.path) where file != "dlib_face_recognition_resnet_model_v1.dat" {
            try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent(file),
                                                       withDestinationURL: real.appendingPathComponent(file).resolvingSymlinksInPath())
        }
        return folder.path
    }

    @Test("--identity-rate 0 never loads dlib: the run succeeds without its model file and enrols no one; the default rate refuses that folder")
    func identityOffNeedsNoNetwork() async throws {
        let models = try Self.modelsWithoutDlib()
        let off = try AnalyzeRun.analyze(TestMedia.gazeLeftClip, ["--identity-rate", "0", "--models", models])
        #expect(off.status == 0, "\(off.errorOutput)")
        let report = try off.report()
        #expect(!report.timeline.contains { $0.kind == .identityMismatch })
        #expect(try await Store(path: off.databasePath).identityEnrolment(session: report.session.id) == nil, "no enrolment without the check")

        let on = try AnalyzeRun.analyze(TestMedia.gazeLeftClip, ["--models", models])
        #expect(on.status != 0 && on.errorOutput.contains("dlib_face_recognition_resnet_model_v1.dat"), "\(on.errorOutput)")
    }
}
