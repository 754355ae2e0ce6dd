import Foundation
import Testing

extension RelayBrowserTests {
    /// Issue 13, must-show 1 and 3, through the real relay, voice detector and face mesh. The
    /// candidate's camera shows a still face (a photo); the microphones play WAVs made at test
    /// time (`TestMicrophones`: espeak-ng speech, or a quiet room).
    @Suite(.serialized) struct AudioCheckTests {
        @Test(.timeLimit(.minutes(2)))
        func speechWhileTheCandidatesLipsAreStillRaisesBackgroundVoice() async throws {
            try await withRelay { relay in
                let session = try await relay.server.createSession()
                let interviewer = try await relay.join(.interviewer, session, microphone: try TestMicrophones.quietRoom)
                _ = try await relay.join(.candidate, session, microphone: try TestMicrophones.speech)
                let up = try await relay.waitFor("the interviewer decodes the candidate", timeout: 25) { try await interviewer.stats().framesDecoded > 15 }
                if !up { Issue.record("the call did not come up\n\(await relay.diagnostics())"); return }
                var voice: [String: Any]?
                _ = try await relay.waitFor("background_voice is stored", timeout: 30) {
                    voice = try await Self.events(relay, session).first { $0["kind"] as? String == "background_voice" }
                    return voice != nil
                }
                let status = try await relay.server.relayStatus(session)
                let heard = "speech windows \(status["speech_windows"] ?? "none") of \(status["voice_windows"] ?? "none")"
                let diagnostics = voice == nil ? await relay.diagnostics() : ""
                let event = try #require(voice, "no background_voice event; \(heard)\n\(diagnostics)")
                #expect(event["snapshot"] as? [String: Any] != nil, "background_voice has no snapshot")
                #expect(event["source"] as? String == "detector")
            }
        }

        @Test(.timeLimit(.minutes(2)))
        func theSameSpeechWhileTheCandidatesLipsMoveRaisesNothing() async throws {
            try await withRelay { relay in
                let session = try await relay.server.createSession()
                let interviewer = try await relay.join(.interviewer, session, microphone: try TestMicrophones.quietRoom)
                _ = try await relay.join(.candidate, session, camera: try TalkingCamera.file, microphone: try TestMicrophones.speech)
                let up = try await relay.waitFor("the interviewer decodes the candidate", timeout: 25) { try await interviewer.stats().framesDecoded > 15 }
                if !up { Issue.record("the call did not come up\n\(await relay.diagnostics())"); return }
                // As long as the still face took to raise background_voice, and more: 10 s of speech heard.
                let heard = try await relay.waitFor("the relay hears 10 s of the candidate's speech", timeout: 30) {
                    let speech = try await relay.server.relayStatus(session)["speech_windows"] as? [String: Int]
                    return (speech?["candidate"] ?? 0) >= 100
                }
                let speech = try await relay.server.relayStatus(session)["speech_windows"] ?? "none"
                #expect(heard, "the candidate's speech was not measured: \(speech)")
                let kinds = try await Self.events(relay, session).compactMap { $0["kind"] as? String }
                #expect(!kinds.contains("background_voice"), "events: \(kinds)")
                // The face was seen all along (else the rule would hold for no one).
                #expect(!kinds.contains("no_face"), "events: \(kinds)")
                let analysed = try await relay.server.relayStatus(session)["analysis_frames"] as? Int ?? 0
                #expect(analysed > 100, "analysis frames \(analysed)")
            }
        }

        @Test(.timeLimit(.minutes(2)))
        func theInterviewerSpeakingWithTheCandidateQuietRaisesNothing() async throws {
            try await withRelay { relay in
                let session = try await relay.server.createSession()
                let interviewer = try await relay.join(.interviewer, session, microphone: try TestMicrophones.speech)
                _ = try await relay.join(.candidate, session, microphone: try TestMicrophones.quietRoom)
                let up = try await relay.waitFor("the interviewer decodes the candidate", timeout: 25) { try await interviewer.stats().framesDecoded > 15 }
                if !up { Issue.record("the call did not come up\n\(await relay.diagnostics())"); return }
                // 15 s of the interviewer talking, measured by the relay on the interviewer's side.
                // (The candidate joined after the interviewer: wait for 10 s of its microphone too.)
                let heard = try await relay.waitFor("the relay hears 10 s of the interviewer's speech", timeout: 30) {
                    let status = try await relay.server.relayStatus(session)
                    let speech = status["speech_windows"] as? [String: Int]
                    let voices = status["voice_windows"] as? [String: Int]
                    return (speech?["interviewer"] ?? 0) >= 100 && (voices?["candidate"] ?? 0) > 100
                }
                let status = try await relay.server.relayStatus(session)
                #expect(heard, "the interviewer's voice was not measured: \(status["speech_windows"] ?? "none") of \(status["voice_windows"] ?? "none")")
                let voices = (status["voice_windows"] as? [String: Int])?["candidate"] ?? 0
                #expect(voices > 100, "the candidate's microphone must be measured too: \(voices) windows")
                let audioEvents = try await Self.events(relay, session).compactMap { $0["kind"] as? String }
                    .filter { ["background_voice", "no_audio"].contains($0) }
                #expect(audioEvents.isEmpty, "audio events: \(audioEvents)")
            }
        }

        @Test(.timeLimit(.minutes(2)))
        func aProctorReceivesTheCandidatesAndTheInterviewersAudio() async throws {
            try await withRelay { relay in
                let session = try await relay.server.createSession()
                _ = try await relay.join(.interviewer, session, microphone: try TestMicrophones.speech)
                _ = try await relay.join(.candidate, session)
                let proctor = try await relay.join(.proctor, session)
                // Both audio tracks arrive, each with sound in it, and each plays in its own element.
                var tracks: [[String: Any]] = []
                let both = try await relay.waitFor("the proctor receives two audio tracks with sound", timeout: 30) {
                    tracks = try await proctor.evaluate("""
                        (async () => {
                          const pc = window.vigil._call.pc; if (!pc) return [];
                          const report = await pc.getStats(); const found = [];
                          report.forEach((e) => { if (e.type === 'inbound-rtp' && e.kind === 'audio')
                            found.push({ mid: e.mid ?? '', packets: e.packetsReceived ?? 0, energy: e.totalAudioEnergy ?? 0 }); });
                          return found;
                        })()
                        """) as? [[String: Any]] ?? []
                    return tracks.count == 2 && tracks.allSatisfy { (($0["packets"] as? NSNumber)?.intValue ?? 0) > 100 && (($0["energy"] as? NSNumber)?.doubleValue ?? 0) > 0 }
                }
                let diagnostics = both ? "" : "relay: \(try await relay.server.relayStatus(session))\n" + (await relay.diagnostics())
                #expect(both, "inbound audio on the proctor's page: \(tracks)\n\(diagnostics)")
                let speakers = try await proctor.evaluate("[...document.querySelectorAll('#audio-tracks audio')].map((a) => a.dataset.speaker)") as? [String]
                #expect(speakers == ["candidate", "interviewer"])
            }
        }

        /// The session's detector events, from the API.
        static func events(_ relay: RelayFixture, _ session: InterviewLinks) async throws -> [[String: Any]] {
            let report = try await relay.server.request("GET", "/api/sessions/\(session.id)", token: session.token(.interviewer)).json
            return (report["events"] as? [[String: Any]] ?? []).filter { ($0["source"] as? String) == "detector" }
        }
    }
}
