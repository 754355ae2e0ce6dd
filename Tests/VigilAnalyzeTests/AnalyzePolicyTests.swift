import Foundation
import Testing
import VigilCore

/// `vigil analyze --policy FILE` on the assembled scenes (`AnalyzeScenesTests`: no face from
/// 12 s, the phone from 26 s, two faces from 34 s): the file's threshold moves when no face is
/// flagged, its disabled check raises nothing, and the report carries the policy.
extension AnalyzeEndToEnd {
    @Suite("analyze with a policy")
    struct AnalyzeWithPolicy {
        @Test("no_face_seconds 4 flags no face at 16 s instead of 22 s; with the phone check off no phone event is raised; the report carries the policy")
        func policyFile() throws {
            let policy = TestMedia.folder.appendingPathComponent("policy-\(UUID().uuidString).json")
            try Data(#"{"preset": "standard", "checks": {"phone": false}, "thresholds": {"no_face_seconds": 4}}"#.utf8).write(to: policy)
            defer { try? FileManager.default.removeItem(at: policy) }
            let run = try AnalyzeRun.analyze(try AssembledScenes.video(), ["--policy", policy.path])
            #expect(run.status == 0, "\(run.errorOutput)")
            let report = try run.report()
            let timeline = report.timeline
            #expect(timeline.map(\.kind) == [.noFace, .multipleFaces], "events: \(timeline)")
            let noFace = try #require(timeline.first { $0.kind == .noFace })
            #expect(abs(noFace.start - 12) <= 1, "no face started at \(noFace.start) s")
            #expect(abs(noFace.flagged - 16) <= 1, "no face flagged at \(noFace.flagged) s (4 s after, not 10)")
            #expect(report.policy.thresholds.noFaceSeconds == 4)
            #expect(report.policy.disabledChecks == [.phone])
            #expect(report.policy.name == "standard, customised")
        }

        @Test("a bad policy file is refused before any analysis, naming the field")
        func badPolicyFile() throws {
            let policy = TestMedia.folder.appendingPathComponent("policy-\(UUID().uuidString).json")
            try Data(#"{"thresholds": {"no_face_seconds": "ten"}}"#.utf8).write(to: policy)
            defer { try? FileManager.default.removeItem(at: policy) }
            let run = try AnalyzeRun.analyze(try AssembledScenes.video(), ["--policy", policy.path])
            #expect(run.status != 0)
            #expect(run.errorOutput.contains("policy.thresholds.no_face_seconds"), "\(run.errorOutput)")
        }
    }
}
