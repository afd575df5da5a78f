/// One screen cell: a grapheme, its width (0 marks the right half of a wide grapheme), and a style.
struct Cell: Equatable, Sendable {
    /// The grapheme shown, or "" for the right half of a wide one.
    var text: String
    /// 1 for normal cells, 2 for the left half of a wide grapheme, 0 for its right half.
    var width: UInt8
    /// The style.
    var style: CellStyle

    /// A blank cell in a style.
    static func blank(_ style: CellStyle = .normal) -> Cell { Cell(text: " ", width: 1, style: style) }
}
