import Foundation
import VigilCore
import VigilMedia
import VigilVision

/// The threads of one `vigil analyze` run, so decoding and analysis overlap and use every core:
/// one thread decodes and picks the frames due by the `AnalysisSchedule` (on media time), each
/// analysis thread owns one `FrameAnalyzer` and takes the next picked frame. Results come out of
/// `results` as they finish, numbered in file order; the caller re-orders them before the rules.
/// At most `inFlight` picked frames exist at once (decoded, analysed or waiting to be judged), so
/// a slow consumer holds the decoder back instead of filling memory.
final class FileAnalysisWorkers: @unchecked Sendable {
    // @unchecked: `jobs`, `inputDone` and `cancelled` are only touched with `condition` held;
    // the reader and each analyzer are used by the one thread they were handed to.

    /// A picked frame: its place among the picked frames, and the frames decoded up to it.
    struct Job: Sendable {
        var number: Int
        var decoded: Int
        var frame: VideoFrame
        var objects: Bool
        /// The identity check runs on this frame (its own, lower rate).
        var identity: Bool = false
    }

    enum Message: Sendable {
        case analysed(Job, Result<Observation, VisionError>)
        /// The decoder stopped after `picked` frames (all numbered below it), having decoded
        /// `decoded` frames up to media time `reached`; `failure` if the file broke off.
        case decodingEnded(picked: Int, decoded: Int, reached: Double, failure: FileDecodeError?)
    }

    private final class HandedOver<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    let results: AsyncStream<Message>
    private let sink: AsyncStream<Message>.Continuation
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var inputDone = false
    private var cancelled = false
    private let slots: DispatchSemaphore

    init(reader: VideoFileReader, analyzers: [FrameAnalyzer], budget: AnalysisBudget) {
        let (stream, continuation) = AsyncStream.makeStream(of: Message.self)
        results = stream
        sink = continuation
        slots = DispatchSemaphore(value: max(2, analyzers.count * 3))
        let handedReader = HandedOver(reader)
        Self.start("decode") { [self] in decode(handedReader.value, schedule: AnalysisSchedule(budget)) }
        for (index, analyzer) in analyzers.enumerated() {
            let handed = HandedOver(analyzer)
            Self.start("analyze-\(index + 1)") { [self] in analyse(with: handed.value) }
        }
    }

    /// The caller judged one analysed frame: room for the decoder to pick another.
    func judged() { slots.signal() }

    /// Stops every thread soon (the run failed); no more messages matter.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
        sink.finish()
    }

    private static func start(_ name: String, _ body: @escaping @Sendable () -> Void) {
        let thread = Thread {
            try? name.write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
            body()
        }
        thread.name = name
        thread.start()
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    private func decode(_ reader: VideoFileReader, schedule: AnalysisSchedule) {
        var schedule = schedule
        var picked = 0, decoded = 0, reached = 0.0
        var failure: FileDecodeError?
        do {
            while let frame = try reader.next() {
                decoded += 1
                reached = frame.time
                guard schedule.isDue(frame.time) else { continue }
                let objects = schedule.take(at: frame.time)
                let identity = schedule.takeIdentity(at: frame.time)
                while slots.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
                    if isCancelled { return }
                }
                condition.lock()
                if cancelled { condition.unlock(); return }
                jobs.append(Job(number: picked, decoded: decoded, frame: frame, objects: objects, identity: identity))
                condition.signal()
                condition.unlock()
                picked += 1
            }
        } catch {
            failure = error
        }
        condition.lock()
        inputDone = true
        condition.broadcast()
        condition.unlock()
        sink.yield(.decodingEnded(picked: picked, decoded: decoded, reached: reached, failure: failure))
    }

    private func analyse(with analyzer: FrameAnalyzer) {
        while true {
            condition.lock()
            while jobs.isEmpty && !inputDone && !cancelled { condition.wait() }
            if cancelled || jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            let result: Result<Observation, VisionError>
            do {
                result = .success(try analyzer.analyze(job.frame, objects: job.objects, identity: job.identity))
            } catch {
                result = .failure(error)
            }
            sink.yield(.analysed(job, result))
        }
    }
}
