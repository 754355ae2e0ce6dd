import Foundation
import Synchronization
import VigilGStreamer

/// Plays the encoded `LoadClip` to every load peer's `send_video` appsrc from one thread of its
/// own, a frame per 1/framerate s, looping: the peers' video costs a buffer copy and a push each,
/// not an encoder each. The appsrcs are live, leaky and stamp their own running time, so a
/// peer that joins, stalls or leaves never holds the others up.
final class LoadClipPlayer: Sendable {
    private struct Listener {
        let id: Int
        let appsrc: AppSource
    }

    private struct State {
        var listeners: [Listener] = []
        var nextID = 0
        var running = false
    }

    let clip: LoadClip
    private let state = Mutex(State())

    private static let players = Mutex<[ObjectIdentifier: LoadClipPlayer]>([:])

    private init(clip: LoadClip) { self.clip = clip }

    /// The one player of `clip` in this process.
    static func shared(for clip: LoadClip) -> LoadClipPlayer {
        players.withLock { players in
            if let player = players[ObjectIdentifier(clip)] { return player }
            let player = LoadClipPlayer(clip: clip)
            players[ObjectIdentifier(clip)] = player
            return player
        }
    }

    /// Starts sending the clip to `appsrc` (a reference the player keeps until `remove`);
    /// returns the id to remove it with.
    func add(_ appsrc: AppSource) -> Int {
        let owned = AppSource(appsrc.element.retained())
        let (id, start) = state.withLock { state in
            state.nextID += 1
            state.listeners.append(Listener(id: state.nextID, appsrc: owned))
            let start = !state.running
            state.running = true
            return (state.nextID, start)
        }
        if start {
            let thread = Thread { [self] in play() }
            thread.name = "load-clip"
            thread.start()
        }
        return id
    }

    /// Stops sending to the appsrc `add` returned `id` for; after this the player no longer
    /// touches it, so its pipeline can be stopped.
    func remove(_ id: Int) {
        let gone = state.withLock { state in
            let gone = state.listeners.filter { $0.id == id }
            state.listeners.removeAll { $0.id == id }
            return gone
        }
        gone.forEach { $0.appsrc.element.release() }
    }

    /// The player's thread: until no peer listens, each frame in turn to every listener at the
    /// clip's rate (deadline-based, so the rate does not drift with the pushes' cost).
    private func play() {
        let interval = 1.0 / Double(clip.framerate)
        var next = Date()
        var index = 0
        while true {
            let more = state.withLock { state -> Bool in
                guard !state.listeners.isEmpty else {
                    state.running = false
                    return false
                }
                let frame = clip.frames[index]
                for listener in state.listeners {
                    guard let copy = frame.unstampedCopy() else { continue }
                    _ = listener.appsrc.push(copy)
                    copy.release()
                }
                return true
            }
            guard more else { return }
            index = (index + 1) % clip.frames.count
            next += interval
            let wait = next.timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) } else if wait < -1 { next = Date() }  // fell behind: start again from now
        }
    }
}
