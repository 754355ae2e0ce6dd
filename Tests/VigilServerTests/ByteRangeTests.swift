import Testing
@testable import VigilServer

@Suite("HTTP Range headers resolved against a file's size")
struct ByteRangeTests {
    @Test("a-b, a- and -n ranges; a range past the end is clamped")
    func ranges() {
        #expect(ByteRange.parse("bytes=0-99", size: 1000) == .range(ByteRange(first: 0, last: 99)))
        #expect(ByteRange.parse("bytes=900-", size: 1000) == .range(ByteRange(first: 900, last: 999)))
        #expect(ByteRange.parse("bytes=-10", size: 1000) == .range(ByteRange(first: 990, last: 999)))
        #expect(ByteRange.parse("bytes=-5000", size: 1000) == .range(ByteRange(first: 0, last: 999)))
        #expect(ByteRange.parse("bytes=500-5000", size: 1000) == .range(ByteRange(first: 500, last: 999)))
    }

    @Test("no header, several ranges or nonsense: the whole file; past the end: unsatisfiable")
    func wholeOrRefused() {
        #expect(ByteRange.parse(nil, size: 1000) == .whole)
        #expect(ByteRange.parse("bytes=0-1,5-6", size: 1000) == .whole)
        #expect(ByteRange.parse("items=0-1", size: 1000) == .whole)
        #expect(ByteRange.parse("bytes=9-3", size: 1000) == .whole)
        #expect(ByteRange.parse("bytes=1000-", size: 1000) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-0", size: 1000) == .unsatisfiable)
    }
}
