import Foundation
import Testing
import VigilCore
@testable import VigilServer

/// The proctoring messages the server composes (`alert`, `event`) now that the media layer only
/// carries them: the same wire shapes as before the move, valid against the signaling schema the
/// pages check them with.
@Suite("Proctoring signaling messages")
struct ProctoringMessageTests {
    /// The schema the server and the pages validate with, from the repository.
    static func schema() throws -> SignalingSchema {
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { folder = folder.deletingLastPathComponent() }
        return try SignalingSchema(data: Data(contentsOf: folder.appendingPathComponent("signaling/signaling.schema.json")))
    }

    static let event = ProctoringEvent(
        id: 7, kind: .phone, source: .detector, start: Date(timeIntervalSince1970: 1_750_000_000.25),
        end: Date(timeIntervalSince1970: 1_750_000_004.5), confidence: 0.8,
        snapshot: SnapshotReference(id: 3, sha256: String(repeating: "ab", count: 32)),
        flaggedAt: Date(timeIntervalSince1970: 1_750_000_001.75))

    /// A message as the page receives it: the JSON text the relay carries, parsed back.
    func received(_ message: ProctoringMessage) throws -> [String: JSONValue] {
        guard case .message(let json) = message.signal else { throw TestError("not a composed message: \(message.signal)") }
        return try #require(try JSONValue(parsing: Data(json.utf8)).object)
    }

    struct TestError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test("alert: kind, the kind's title, the event's start (the onset), when it was flagged and when its frame arrived")
    func alert() throws {
        let arrived = Date(timeIntervalSince1970: 1_750_000_000.125)
        let fields = try received(.alert(Self.event, frameArrivedAt: arrived))
        #expect(fields == [
            "type": .string("alert"), "kind": .string("phone"), "message": .string(EventKind.phone.title),
            "at": .string(Timestamp.format(Self.event.start)), "frame_arrived_at": .string(Timestamp.format(arrived)),
            "flagged_at": .string(Timestamp.format(Self.event.flaggedAt)),
        ])
        #expect(try Self.schema().problem(with: .object(fields)) == nil)
        let withoutFrame = try received(.alert(Self.event, frameArrivedAt: nil))
        #expect(withoutFrame["frame_arrived_at"] == nil, "a disconnection has no frame")
        #expect(try Self.schema().problem(with: .object(withoutFrame)) == nil)
    }

    @Test("event: the stored event exactly as the API's JSON gives it")
    func event() throws {
        let fields = try received(.event(Self.event))
        #expect(fields["type"] == .string("event"))
        let event = try #require(fields["event"]?.object)
        #expect(event["id"] == .number(7))
        #expect(event["kind"] == .string("phone"))
        #expect(event["start"] == .string(Timestamp.format(Self.event.start)))
        #expect(event["end"] == .string(Timestamp.format(try #require(Self.event.end))))
        #expect(event["flagged_at"] == .string("2025-06-15T15:06:41.750Z"))
        #expect(event["snapshot"]?.object?["id"] == .number(3))
        #expect(try Self.schema().problem(with: .object(fields)) == nil)
    }
}
