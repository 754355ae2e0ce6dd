import Testing
@testable import VigilCore

@Suite("Forbidden objects: seen in 3 of the last 5 analysed frames, cleared by 5 clean ones")
struct ObjectRuleTests {
    @Test("a phone in 2 of the last 5 analysed frames raises nothing", arguments: ["xx...x..", "x..x....", "xx"])
    func twoOfFive(pattern: String) {
        let run = objectRun(pattern)
        #expect(run.transitions.isEmpty)
        #expect(run.atFinish.isEmpty)
    }

    @Test("a phone in 3 of the last 5 analysed frames raises a phone event at the third sighting")
    func threeOfFive() throws {
        let run = objectRun("x.x.x")
        #expect(run.startedKinds == [.phone])
        let event = try #require(run.started(.phone).first)
        #expect(event.start == 0.0)
        #expect(approx(event.flaggedAt, 0.4))
    }

    @Test("the event ends after 5 clean analysed frames, at the first clean frame")
    func endsAfterFiveCleanFrames() throws {
        let run = objectRun("xxx.....")
        let ended = try #require(run.ended(.phone).first)
        #expect(approx(try #require(ended.end), 0.3))
        #expect(run.closedAtFinish(.phone).isEmpty)
    }

    @Test("4 clean frames do not end the event")
    func fourCleanFramesKeepItOpen() {
        let run = objectRun("xxx....")
        #expect(run.ended(.phone).isEmpty)
        #expect(run.openBeforeFinish.map(\.kind) == [.phone])
    }

    @Test("a sighting during the clean run restarts the count")
    func sightingRestartsCleanRun() throws {
        let run = objectRun("xxx....x.....")
        let ended = try #require(run.ended(.phone).first)
        #expect(approx(try #require(ended.end), 0.8))
    }

    @Test("frames the object detector skipped do not count as clean")
    func skippedFramesAreNotClean() throws {
        #expect(objectRun("xxx....-----").ended(.phone).isEmpty)
        let ended = try #require(objectRun("xxx....-----.").ended(.phone).first)
        #expect(approx(try #require(ended.end), 0.3))
    }

    @Test("detections in frames the object detector skipped do not count as sightings")
    func skippedFramesAreNotSightings() {
        #expect(objectRun("xx+++").transitions.isEmpty)
        #expect(objectRun("xx---x").startedKinds == [.phone])
    }

    @Test("an event still open at the end of the session closes there")
    func closedAtFinish() throws {
        let run = objectRun("xxxxxxxxxx")
        let closed = try #require(run.closedAtFinish(.phone).first)
        #expect(approx(try #require(closed.end), 0.9))
    }

    @Test("an object gone before the end of the session closes at its first clean frame")
    func closedAtFinishDuringCleanRun() throws {
        let run = objectRun("xxxxx..")
        let closed = try #require(run.closedAtFinish(.phone).first)
        #expect(approx(try #require(closed.end), 0.5))
    }

    @Test("COCO classes map to event kinds", arguments: [
        ("cell phone", EventKind.phone), ("laptop", .device), ("tv", .device), ("book", .book),
    ])
    func classMapping(label: String, kind: EventKind) {
        #expect(objectRun("xxx", label: label).startedKinds == [kind])
    }

    @Test("a person, a cup or a keyboard is not forbidden", arguments: ["person", "cup", "keyboard"])
    func allowedClasses(label: String) {
        #expect(objectRun("xxxxxxxx", label: label).transitions.isEmpty)
    }

    @Test("detections below objectMinScore are ignored; at it they count")
    func minimumScore() {
        #expect(objectRun("xxxxxxxx", score: 0.29).transitions.isEmpty)
        #expect(objectRun("xxx", score: 0.3).startedKinds == [.phone])
    }

    @Test("confidence is the best score seen, before and after the event starts")
    func peakConfidence() throws {
        let run = simulate(seconds: 1.5) { t in
            let score = [0.2: 0.9, 0.6: 0.95][(t * 10).rounded() / 10] ?? 0.6
            return frame(t, objects: t <= 0.75 ? [detection("cell phone", score: score)] : [])
        }
        let started = try #require(run.started(.phone).first)
        let ended = try #require(run.ended(.phone).first)
        #expect(started.confidence == 0.9)
        #expect(ended.confidence == 0.95)
    }

    @Test("the window, hit count and clear run are configurable")
    func configurable() throws {
        var thresholds = RuleThresholds.standard
        thresholds.objectWindow = 3
        thresholds.objectMinHits = 2
        thresholds.objectClearFrames = 2
        #expect(objectRun("x.x", thresholds: thresholds).startedKinds == [.phone])
        #expect(objectRun("x..x", thresholds: thresholds).transitions.isEmpty)
        let ended = try #require(objectRun("xx..", thresholds: thresholds).ended(.phone).first)
        #expect(approx(try #require(ended.end), 0.2))
    }
}
