import Foundation

/// What the candidate's Chromium reports about loss repair on the video it sends the server,
/// over a measured interval (getStats' outbound-rtp: NACKs and PLIs the server sent it, packets
/// it retransmitted, key frames it encoded), and whether its answer accepted RTX. Printed by the
/// loss test so a run shows whether the server asked for the lost packets, not only the fps.
struct LossRepairFigures: CustomStringConvertible {
    let nacksReceived: Double
    let packetsRetransmitted: Double
    let plisReceived: Double
    let keyFramesEncoded: Double
    let answerHasRTX: Bool
    /// The other way (server → candidate): NACKs the candidate sent, retransmissions it got.
    let nacksSentDownstream: Double
    let retransmissionsReceivedDownstream: Double

    static func read(from page: HeadlessChromium, before: PageStats, after: PageStats) async throws -> LossRepairFigures {
        let sdp = try await page.evaluate("window.vigil._call.pc?.localDescription?.sdp ?? ''") as? String ?? ""
        func delta(_ name: String) -> Double { after.outboundVideo(name) - before.outboundVideo(name) }
        func inboundDelta(_ name: String) -> Double { after.inboundVideo(name) - before.inboundVideo(name) }
        return LossRepairFigures(nacksReceived: delta("nackCount"), packetsRetransmitted: delta("retransmittedPacketsSent"),
                                 plisReceived: delta("pliCount") + delta("firCount"), keyFramesEncoded: delta("keyFramesEncoded"),
                                 answerHasRTX: sdp.range(of: "rtx/90000", options: .caseInsensitive) != nil,
                                 nacksSentDownstream: inboundDelta("nackCount"),
                                 retransmissionsReceivedDownstream: inboundDelta("retransmittedPacketsReceived"))
    }

    var description: String {
        "candidate's upstream: \(Int(nacksReceived)) NACKs from the server, \(Int(packetsRetransmitted)) packets retransmitted, "
            + "\(Int(plisReceived)) PLIs/FIRs, \(Int(keyFramesEncoded)) key frames; answer has RTX: \(answerHasRTX); "
            + "downstream: \(Int(nacksSentDownstream)) NACKs from the candidate, \(Int(retransmissionsReceivedDownstream)) retransmissions received"
    }
}

extension PageStats {
    /// A figure of the page's inbound video (`stats.js`), 0 when absent.
    func inboundVideo(_ name: String) -> Double {
        (((raw["inbound"] as? [String: Any])?["video"] as? [String: Any])?[name] as? NSNumber)?.doubleValue ?? 0
    }

    /// A figure of the page's outbound video (`stats.js`), 0 when absent.
    func outboundVideo(_ name: String) -> Double {
        (((raw["outbound"] as? [String: Any])?["video"] as? [String: Any])?[name] as? NSNumber)?.doubleValue ?? 0
    }
}
