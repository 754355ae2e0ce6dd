/// The picture size written in a VP8 key frame's header (RFC 6386 §9.1: a 3-byte frame tag, the
/// start code 9d 01 2a, then 14-bit width and height). The recording's caps are taken from the
/// first key frame itself, so they are right whatever the depayloader's caps say.
struct VP8FrameSize: Equatable, Sendable {
    let width: Int
    let height: Int

    init?(keyFrame bytes: [UInt8]) {
        guard bytes.count >= 10, bytes[0] & 0x01 == 0, bytes[3] == 0x9d, bytes[4] == 0x01, bytes[5] == 0x2a else { return nil }
        let width = (Int(bytes[6]) | Int(bytes[7]) << 8) & 0x3fff
        let height = (Int(bytes[8]) | Int(bytes[9]) << 8) & 0x3fff
        guard width > 0, height > 0 else { return nil }
        self.width = width
        self.height = height
    }
}
