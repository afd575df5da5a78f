extension CellGrid {
    /// Replaces every grapheme outside ASCII with a look-alike (`─` `-`, `│` `|`, corners `+`, `●` `*`, `█` `#`)
    /// or `?`, for a locale whose terminal cannot draw them. A wide grapheme becomes `?` and a space, keeping
    /// the columns where they were.
    mutating func downgradeToASCII() {
        for index in cells.indices {
            let cell = cells[index]
            guard cell.width != 0, !cell.text.unicodeScalars.allSatisfy({ $0.isASCII }) else {
                if cell.width == 0 { replace(index, with: Cell(text: " ", width: 1, style: cell.style)) }
                continue
            }
            replace(index, with: Cell(text: Self.asciiLookAlike(cell.text), width: 1, style: cell.style))
        }
    }

    /// The ASCII character drawn for a grapheme.
    static func asciiLookAlike(_ text: String) -> String {
        switch text {
        case "─", "—", "–": "-"
        case "│": "|"
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼": "+"
        case "●": "*"
        case "▸", "→": ">"
        case "←": "<"
        case "↑": "^"
        case "↓": "v"
        case "…", "·": "."
        case "█": "#"
        case "░": "."
        case "✓": "v"
        case "✗": "x"
        default: "?"
        }
    }
}
