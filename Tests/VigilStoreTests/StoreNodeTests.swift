import Foundation
import Testing
import VigilCore
@testable import VigilStore

/// Nodes sharing one store (issue 15): placement, fail-over and take-over, on both engines.
/// Heartbeats are written with fixed times, so "alive" is decided by the `aliveSince` each call
/// passes, not by the wall clock.
@Suite("Store: nodes, placement and fail-over")
struct StoreNodeTests {
    static func node(_ id: String, capacity: Int = 16, live: Int = 0, at time: Date) -> NodeRecord {
        NodeRecord(id: id, url: "http://\(id).test:8080", capacity: capacity, liveSessions: live, heartbeatAt: time)
    }

    func place(_ store: Store, at time: Date, aliveSince: Date) async throws -> CreatedSession {
        try await store.createPlacedSession(title: nil, candidateName: "Ada", interviewerName: "Grace", at: time, aliveSince: aliveSince)
    }

    @Test("new sessions go to the least-loaded live node, in turn; a silent node gets none", arguments: StoreBackendUnderTest.allCases)
    func spreadsOverLiveNodes(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            for id in ["a", "b", "c"] { try await store.nodeHeartbeat(Self.node(id, at: at(100))) }
            try await store.nodeHeartbeat(Self.node("silent", at: at(50)))
            var counts: [String: Int] = [:]
            for _ in 0..<9 {
                let created = try await place(store, at: at(101), aliveSince: at(95))
                let placement = try #require(created.placement)
                #expect(placement.url == "http://\(placement.node).test:8080")
                counts[placement.node, default: 0] += 1
            }
            #expect(counts == ["a": 3, "b": 3, "c": 3])
        }
    }

    @Test("a node at its capacity gets no new session; with no live node with room nothing is stored", arguments: StoreBackendUnderTest.allCases)
    func fullNodesAreSkipped(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            try await store.nodeHeartbeat(Self.node("full", capacity: 2, live: 2, at: at(100)))
            try await store.nodeHeartbeat(Self.node("roomy", capacity: 2, live: 1, at: at(100)))
            #expect(try await place(store, at: at(101), aliveSince: at(95)).placement?.node == "roomy")
            try await store.nodeHeartbeat(Self.node("roomy", capacity: 2, live: 2, at: at(102)))
            await expectStoreError(.noNodeWithRoom(nodes: 2)) { try await place(store, at: at(103), aliveSince: at(95)) }
            #expect(try await store.sessionCount() == 1)
        }
    }

    @Test("a silent node is failed over once: its live sessions interrupted at its last heartbeat, their open events closed there; other nodes' are untouched", arguments: StoreBackendUnderTest.allCases)
    func failOverInterruptsTheDeadNodesSessions(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            try await store.nodeHeartbeat(Self.node("a", at: at(100)))
            try await store.nodeHeartbeat(Self.node("b", at: at(100)))
            let first = try await place(store, at: at(101), aliveSince: at(95))
            let second = try await place(store, at: at(101), aliveSince: at(95))
            let (onB, onA) = first.placement?.node == "b" ? (first.info.id, second.info.id) : (second.info.id, first.info.id)
            for id in [onA, onB] {
                try await store.markJoined(id, at: at(102))
                _ = try await store.insertEvent(NewEvent(kind: .noFace, source: .detector, start: at(103)), session: id, at: at(103))
            }
            // a keeps beating; b's last heartbeat stays at 104.
            try await store.nodeHeartbeat(Self.node("b", at: at(104)))
            try await store.nodeHeartbeat(Self.node("a", at: at(112)))

            let failovers = try await store.failOverNodes(silentSince: at(106), now: at(112))
            #expect(failovers == [NodeFailover(node: "b", lastHeartbeat: at(104), interruptedSessions: [onB], interruptedEvents: 1)])
            let closed = try #require(try await store.events(session: onB).first)
            #expect(closed.end == at(104))
            #expect(closed.interrupted)
            #expect(try await store.events(session: onA).first?.end == nil)
            #expect(try await store.placement(session: onB, aliveSince: at(106))?.interruptedAt == at(104))
            #expect(try await store.placement(session: onA, aliveSince: at(106))?.interruptedAt == nil)
            #expect(try await store.failOverNodes(silentSince: at(106), now: at(113)) == [])
            #expect(try await store.nodes().first { $0.id == "b" }?.failedAt == at(112))
        }
    }

    @Test("take-over: a dead node's session moves to a live node; a live node keeps its own", arguments: StoreBackendUnderTest.allCases)
    func takeOverPlacesAgain(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            try await store.nodeHeartbeat(Self.node("a", at: at(100)))
            let onA = try await place(store, at: at(101), aliveSince: at(95)).info.id
            try await store.nodeHeartbeat(Self.node("b", at: at(100)))
            let onB = try await place(store, at: at(101), aliveSince: at(95)).info.id
            #expect(try await store.placement(session: onB, aliveSince: at(95))?.placement?.node == "b")
            try await store.nodeHeartbeat(Self.node("a", at: at(110)))

            #expect(try await store.placement(session: onB, aliveSince: at(105))?.nodeAlive == false)
            #expect(try await store.takeOver(session: onB, aliveSince: at(105)) == Placement(node: "a", url: "http://a.test:8080"))
            #expect(try await store.placement(session: onB, aliveSince: at(105))?.placement?.node == "a")
            #expect(try await store.takeOver(session: onA, aliveSince: at(105)).node == "a")
            await expectStoreError(.sessionNotFound("nope")) { try await store.takeOver(session: "nope", aliveSince: at(105)) }
        }
    }

    @Test("taking over a live session from a dead node not failed over yet interrupts it there first", arguments: StoreBackendUnderTest.allCases)
    func takeOverBeforeFailOverInterrupts(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            try await store.nodeHeartbeat(Self.node("b", at: at(100)))
            let onB = try await place(store, at: at(101), aliveSince: at(95)).info.id
            try await store.markJoined(onB, at: at(102))
            _ = try await store.insertEvent(NewEvent(kind: .noFace, source: .detector, start: at(103)), session: onB, at: at(103))
            try await store.nodeHeartbeat(Self.node("b", at: at(104)))
            try await store.nodeHeartbeat(Self.node("a", at: at(112)))

            #expect(try await store.takeOver(session: onB, aliveSince: at(106)).node == "a")
            #expect(try await store.placement(session: onB, aliveSince: at(106))?.interruptedAt == at(104))
            let closed = try #require(try await store.events(session: onB).first)
            #expect(closed.end == at(104) && closed.interrupted)
        }
    }

    @Test("a node's start-up fails over only its own previous run: another node's open events stay open", arguments: StoreBackendUnderTest.allCases)
    func startUpRecoveryTouchesOnlyItsOwnSessions(_ backend: StoreBackendUnderTest) async throws {
        try await withStore(backend) { store, _ in
            try await store.nodeHeartbeat(Self.node("a", at: at(100)))
            let onA = try await place(store, at: at(101), aliveSince: at(95)).info.id
            try await store.nodeHeartbeat(Self.node("b", at: at(100)))
            let onB = try await place(store, at: at(101), aliveSince: at(95)).info.id
            for id in [onA, onB] {
                try await store.markJoined(id, at: at(102))
                _ = try await store.insertEvent(NewEvent(kind: .phone, source: .detector, start: at(103)), session: id, at: at(103))
            }
            try await store.nodeHeartbeat(Self.node("a", at: at(105)))

            let recovered = try await store.failOverNode("a", now: at(130))
            #expect(recovered == NodeFailover(node: "a", lastHeartbeat: at(105), interruptedSessions: [onA], interruptedEvents: 1))
            #expect(try await store.events(session: onA).first?.end == at(105))
            #expect(try await store.events(session: onB).first?.end == nil)
            #expect(try await store.failOverNode("never-ran", now: at(130)) == nil)
        }
    }
}
