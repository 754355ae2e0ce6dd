import Testing
@testable import VigilMedia

/// ICE candidate lines from pages are checked before webrtcbin sees them: what Chrome sends
/// passes, garbage gets an error that names the field.
@Suite struct CandidateCheckTests {
    @Test(arguments: [
        "candidate:842163049 1 udp 1677729535 192.0.2.7 50617 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag 4ZcD network-cost 999",
        "candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0",
        "candidate:2 1 tcp 1518280447 ::1 9 typ host tcptype active",
        "candidate:3 1 udp 2122260223 4f1b2c3d-0000-4e5f-8a9b-1c2d3e4f5a6b.local 53012 typ host",
    ])
    func acceptsWhatBrowsersSend(_ line: String) throws {
        try SessionDescriptionCheck.validateCandidate(line, mline: 0)
    }

    @Test(arguments: [
        ("candidate:garbage", "not an ICE candidate line"),
        ("candidate:1 1 sctp 1 127.0.0.1 9 typ host", "transport"),
        ("candidate:1 1 udp 1 127.0.0.1 70000 typ host", "port"),
        ("candidate:1 1 udp 1 999.1.1.1 9 typ host", "address"),
        ("candidate:1 1 udp 1 127.0.0.1 9 type host", "not an ICE candidate line"),
    ])
    func refusesMalformedLines(_ line: String, _ named: String) {
        #expect {
            try SessionDescriptionCheck.validateCandidate(line, mline: 0)
        } throws: { error in
            (error as? MediaError)?.description.contains(named) == true
        }
    }

    @Test func refusesAnUnknownMediaLine() {
        #expect(throws: MediaError.self) { try SessionDescriptionCheck.validateCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", mline: 2) }
    }
}
