import Foundation
import Testing
import VigilCore
import VigilVision

/// `POST /api/sessions/:id/precheck`: the candidate page's camera check before Join, judged by
/// the server's face detector on real photos, over a real server.
@Suite("The candidate's pre-check over the real server", .serialized)
struct PreCheckAPITests {
    static let media = "/work/shared/media"

    static func jpeg(_ photo: String, brightness: Double = 1) throws -> Data {
        let frame = try Image(contentsOf: "\(media)/\(photo)").fitted(width: 640, height: 480).frame(time: 0)
        guard brightness != 1 else { return Data(try Image(frame).jpeg(quality: 85)) }
        let darker = frame.pixels.map { UInt8(Double($0) * brightness) }
        return Data(try Image(VideoFrame(width: frame.width, height: frame.height, bytesPerRow: frame.bytesPerRow, pixels: darker, time: 0)).jpeg(quality: 85))
    }

    static func check(_ client: APIClient, _ session: TestSession, _ body: Data, token: String? = nil,
                      type: String = "image/jpeg") async throws -> APIClient.Answer {
        try await client.send("POST", "/api/sessions/\(session.id)/precheck", token: token ?? session.candidate, body: body,
                              headers: ["Content-Type": type])
    }

    static func codes(_ answer: APIClient.Answer) -> [String] {
        (answer.json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    @Test("one well-lit frontal face passes; an empty room, several people and a dark face do not, each with its reason")
    func verdicts() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let face = try await Self.check(client, session, try Self.jpeg("faces/frontal/grace_hopper_frontal.jpg"))
            #expect(face.status == 200, "\(face.text)")
            #expect(face.json["ok"] as? Bool == true, "\(face.text)")
            #expect(face.json["faces"] as? Int == 1)
            #expect((face.json["face_luminance"] as? Double ?? 0) >= 60)

            let empty = try await Self.check(client, session, try Self.jpeg("empty/coffee_cup_no_person.png"))
            #expect(empty.json["ok"] as? Bool == false)
            #expect(Self.codes(empty) == ["no_face"], "\(empty.text)")
            let message = (empty.json["reasons"] as? [[String: Any]])?.first?["message"] as? String ?? ""
            #expect(message.contains("face is not visible"))

            let several = try await Self.check(client, session, try Self.jpeg("objects/phone/three_women_selfie_holding_phone.jpg"))
            #expect(Self.codes(several) == ["several_faces"], "\(several.text)")

            let dark = try await Self.check(client, session, try Self.jpeg("faces/frontal/grace_hopper_frontal.jpg", brightness: 0.3))
            #expect(dark.json["ok"] as? Bool == false, "\(dark.text)")
            #expect(Self.codes(dark) == ["too_dark"], "\(dark.text)")
        }
    }

    @Test("refusals are typed: not a JPEG 422, not declared as JPEG 415, too big 413, no or wrong token 401, another role 403, after the end 409")
    func refusals() async throws {
        try await withServer { _, client in
            let session = try await TestSession.create(client)
            let other = try await TestSession.create(client)
            let photo = try Self.jpeg("faces/frontal/grace_hopper_frontal.jpg")
            let png = try Data(contentsOf: URL(fileURLWithPath: "\(Self.media)/empty/coffee_cup_no_person.png"))
            let notJPEG = try await Self.check(client, session, png)
            #expect(notJPEG.status == 422)
            #expect(notJPEG.errorCode == "not_a_jpeg")
            let truncated = try await Self.check(client, session, photo.prefix(64))
            #expect(truncated.status == 422, "a JPEG header with no picture: \(truncated.text)")
            #expect(truncated.errorCode == "not_a_jpeg")
            let json = try await Self.check(client, session, Data("{}".utf8), type: "application/json")
            #expect(json.status == 415)
            #expect(json.errorCode == "unsupported_media_type")
            let huge = try await Self.check(client, session, Data([0xFF, 0xD8, 0xFF]) + Data(count: 1_100_000))
            #expect(huge.status == 413)
            #expect(huge.errorCode == "frame_too_large")
            let anonymous = try await client.send("POST", "/api/sessions/\(session.id)/precheck", body: photo, headers: ["Content-Type": "image/jpeg"])
            #expect(anonymous.status == 401)
            #expect(try await Self.check(client, session, photo, token: other.candidate).status == 401, "another session's candidate")
            let proctor = try await Self.check(client, session, photo, token: session.proctor)
            #expect(proctor.status == 403)
            #expect(proctor.errorCode == "role_forbidden")
            #expect(try await client.send("PUT", "/api/sessions/\(session.id)/end", token: session.interviewer).status == 200)
            #expect(try await Self.check(client, session, photo).status == 409)
        }
    }
}
