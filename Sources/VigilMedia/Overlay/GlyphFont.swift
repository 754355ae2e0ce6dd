/// A 5×7 bitmap font for box labels ("phone 0.82"): lower-case letters, digits and a little
/// punctuation. VigilMedia may not reach OpenCV (only VigilVision does), and the GStreamer text
/// overlay draws one text per element, so the labels are painted from this table by `LabelPainter`
/// on the streaming thread. Upper-case letters are drawn as lower-case; other characters as gaps.
enum GlyphFont {
    static let width = 5
    static let height = 7

    /// The rows of `character`, top first, bit 4 the leftmost column; nil for a character the
    /// font lacks (drawn as a space).
    static func rows(of character: Character) -> [UInt8]? {
        guard let lower = character.lowercased().first, let rows = table[lower] else { return nil }
        return rows
    }

    private static func glyph(_ picture: String) -> [UInt8] {
        picture.split(separator: " ").map { row in row.reduce(UInt8(0)) { ($0 << 1) | ($1 == "#" ? 1 : 0) } }
    }

    private static let table: [Character: [UInt8]] = [
        "a": glyph("..... ..... .###. ....# .#### #...# .####"),
        "b": glyph("#.... #.... #.##. ##..# #...# #...# ####."),
        "c": glyph("..... ..... .###. #.... #.... #...# .###."),
        "d": glyph("....# ....# .##.# #..## #...# #...# .####"),
        "e": glyph("..... ..... .###. #...# ##### #.... .###."),
        "f": glyph("..##. .#..# .#... ###.. .#... .#... .#..."),
        "g": glyph("..... .#### #...# #...# .#### ....# .###."),
        "h": glyph("#.... #.... #.##. ##..# #...# #...# #...#"),
        "i": glyph("..#.. ..... .##.. ..#.. ..#.. ..#.. .###."),
        "j": glyph("...#. ..... ..##. ...#. ...#. #..#. .##.."),
        "k": glyph("#.... #.... #..#. #.#.. ##... #.#.. #..#."),
        "l": glyph(".##.. ..#.. ..#.. ..#.. ..#.. ..#.. .###."),
        "m": glyph("..... ..... ##.#. #.#.# #.#.# #...# #...#"),
        "n": glyph("..... ..... #.##. ##..# #...# #...# #...#"),
        "o": glyph("..... ..... .###. #...# #...# #...# .###."),
        "p": glyph("..... ..... ####. #...# ####. #.... #...."),
        "q": glyph("..... ..... .##.# #..## .#### ....# ....#"),
        "r": glyph("..... ..... #.##. ##..# #.... #.... #...."),
        "s": glyph("..... ..... .###. #.... .###. ....# ####."),
        "t": glyph(".#... .#... ###.. .#... .#... .#..# ..##."),
        "u": glyph("..... ..... #...# #...# #...# #..## .##.#"),
        "v": glyph("..... ..... #...# #...# #...# .#.#. ..#.."),
        "w": glyph("..... ..... #...# #...# #.#.# #.#.# .#.#."),
        "x": glyph("..... ..... #...# .#.#. ..#.. .#.#. #...#"),
        "y": glyph("..... ..... #...# #...# .#### ....# .###."),
        "z": glyph("..... ..... ##### ...#. ..#.. .#... #####"),
        "0": glyph(".###. #...# #..## #.#.# ##..# #...# .###."),
        "1": glyph("..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###."),
        "2": glyph(".###. #...# ....# ...#. ..#.. .#... #####"),
        "3": glyph("##### ...#. ..#.. ...#. ....# #...# .###."),
        "4": glyph("...#. ..##. .#.#. #..#. ##### ...#. ...#."),
        "5": glyph("##### #.... ####. ....# ....# #...# .###."),
        "6": glyph("..##. .#... #.... ####. #...# #...# .###."),
        "7": glyph("##### ....# ...#. ..#.. .#... .#... .#..."),
        "8": glyph(".###. #...# #...# .###. #...# #...# .###."),
        "9": glyph(".###. #...# #...# .#### ....# ...#. .##.."),
        ".": glyph("..... ..... ..... ..... ..... .##.. .##.."),
        "-": glyph("..... ..... ..... .###. ..... ..... ....."),
        "%": glyph("##... ##..# ...#. ..#.. .#... #..## ...##"),
        ":": glyph("..... .##.. .##.. ..... .##.. .##.. ....."),
    ]
}
