import Foundation
import Testing
import VigilCore
import VigilStore

/// Issue 13, must-show 2: the identity check on clips assembled at test time from the shared
/// clips and photos (640x480 at 15 fps, each source scaled to fit and padded grey):
/// - "stand-in": 0–15 s the man of `video/gaze_center_left_center_15s.mp4` (moving, talking,
///   looking aside), 15–25 s `faces/frontal/man_glasses_frontal_blue_bg.jpg` (another man) →
///   `identity_mismatch` raised within 5 s of the change;
/// - "same man, two clips": 0–15 s the same man of the left-gaze clip, 15–30 s the right-gaze clip
///   of the same man, darker and warmer (`eq` brightness −0.15, gamma 0.8, red up) → none;
/// - "same man, turned": 0–6 s `faces/frontal/bearded_man_frontal_closeup.jpg`, 6–12 s
///   `faces/turned/bearded_man_three_quarter_turned_plus_partial_profile.jpg` cut to him (head
///   turned ~45°, stage light), 12–18 s the frontal photo darker → none.
extension AnalyzeEndToEnd {
    @Suite("identity check")
    struct IdentityCheck {
        static let fit = "scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=gray,setsar=1,fps=15,format=yuv420p"

        static func still(_ photo: String, seconds: Int) -> [String] {
            ["-loop", "1", "-framerate", "15", "-t", String(seconds), "-i", TestMedia.sharedFile(photo)]
        }

        static func standIn() throws -> String {
            try TestMedia.made("identity-stand-in.mp4") { path in
                try TestMedia.ffmpeg(
                    ["-t", "15", "-i", TestMedia.gazeLeftClip] + still("faces/frontal/man_glasses_frontal_blue_bg.jpg", seconds: 10)
                        + ["-filter_complex", "[0:v]\(fit)[a];[1]\(fit)[b];[a][b]concat=n=2:v=1:a=0",
                           "-c:v", "libx264", "-preset", "veryfast", "-r", "15", path])
            }
        }

        static func sameManTwoClips() throws -> String {
            try TestMedia.made("identity-same-man-clips.mp4") { path in
                try TestMedia.ffmpeg(
                    ["-t", "15", "-i", TestMedia.gazeLeftClip, "-t", "15", "-i", TestMedia.gazeRightClip,
                     "-filter_complex",
                     "[0:v]\(fit)[a];[1:v]eq=brightness=-0.15:gamma=0.8:gamma_r=1.2,\(fit)[b];[a][b]concat=n=2:v=1:a=0",
                     "-c:v", "libx264", "-preset", "veryfast", "-r", "15", path])
            }
        }

        static func sameManTurned() throws -> String {
            try TestMedia.made("identity-same-man-turned.mp4") { path in
                let frontal = "faces/frontal/bearded_man_frontal_closeup.jpg"
                try TestMedia.ffmpeg(
                    still(frontal, seconds: 6)
                        + still("faces/turned/bearded_man_three_quarter_turned_plus_partial_profile.jpg", seconds: 6)
                        + still(frontal, seconds: 6)
                        + ["-filter_complex",
                           "[0]\(fit)[a];[1]crop=1000:750:560:0,\(fit)[b];[2]eq=brightness=-0.2:gamma=0.7,\(fit)[c];[a][b][c]concat=n=3:v=1:a=0",
                           "-c:v", "libx264", "-preset", "veryfast", "-r", "15", path])
            }
        }

        @Test("another person after 15 s: identity_mismatch within 5 s of the change, with a snapshot; the enrolment is stored with the session and deleted with it")
        func standInRaisesTheEvent() async throws {
            let run = try AnalyzeRun.analyze(try Self.standIn(), ["--candidate", "Identity Test"])
            #expect(run.status == 0, "\(run.errorOutput)")
            let report = try run.report()
            let mismatches = report.timeline.filter { $0.kind == .identityMismatch }
            #expect(mismatches.count == 1, "events: \(report.timeline)")
            let mismatch = try #require(mismatches.first)
            #expect(mismatch.start > 15 && mismatch.start <= 20, "raised at \(mismatch.start) s; the other man appears at 15 s")
            #expect(mismatch.end.map { abs($0 - 25) <= 0.5 } == true, "open until the end of the file: \(String(describing: mismatch.end))")

            let store = try Store(path: run.databasePath)
            let events = try await store.events(session: report.session.id).filter { $0.kind == .identityMismatch }
            let event = try #require(events.first)
            #expect(try await store.snapshots(event: event.id).first?.jpeg.starts(with: [0xFF, 0xD8]) == true, "a JPEG snapshot")
            let enrolment = try #require(try await store.identityEnrolment(session: report.session.id), "the enrolment is stored")
            #expect(enrolment.values.count == 128)
            try await store.deleteSession(id: report.session.id)
            #expect(try await store.identityEnrolment(session: report.session.id) == nil, "deleted with the session")
        }

        @Test("the same man throughout, two clips, the second darker and warmer: no identity_mismatch")
        func sameManAcrossClipsAndLight() throws {
            let run = try AnalyzeRun.analyze(try Self.sameManTwoClips())
            #expect(run.status == 0, "\(run.errorOutput)")
            let report = try run.report()
            #expect(!report.timeline.contains { $0.kind == .identityMismatch }, "events: \(report.timeline)")
        }

        @Test("the same man frontal, turned ~45° under stage light, then frontal in dim light: no identity_mismatch")
        func sameManTurnedAndDimmed() throws {
            let run = try AnalyzeRun.analyze(try Self.sameManTurned())
            #expect(run.status == 0, "\(run.errorOutput)")
            let report = try run.report()
            #expect(!report.timeline.contains { $0.kind == .identityMismatch }, "events: \(report.timeline)")
        }
    }
}
