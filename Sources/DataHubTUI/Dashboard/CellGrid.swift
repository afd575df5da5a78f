/// The whole screen as rows x cols cells: the renderer draws here, tests read it, the shell pushes the
/// cells that changed to ncurses.
struct CellGrid: Equatable, Sendable {
    /// Number of rows.
    let rows: Int
    /// Number of columns.
    let cols: Int
    /// Cells, row-major.
    private(set) var cells: [Cell]

    /// A blank grid.
    init(rows: Int, cols: Int) {
        self.rows = max(0, rows)
        self.cols = max(0, cols)
        cells = Array(repeating: .blank(), count: self.rows * self.cols)
    }

    /// The cell at (row, col).
    subscript(row: Int, col: Int) -> Cell {
        cells[row * cols + col]
    }

    /// Writes `text` at (row, col), clipped to `maxWidth` columns (default: to the right edge). A wide
    /// grapheme that would not fit whole is replaced by a space.
    /// - Returns: the number of columns written.
    @discardableResult
    mutating func put(_ text: String, row: Int, col: Int, style: CellStyle = .normal, maxWidth: Int? = nil) -> Int {
        guard row >= 0, row < rows, col >= 0, col < cols else { return 0 }
        let limit = min(cols, col + (maxWidth ?? cols))
        var x = col
        for character in text {
            let w = CharWidth.width(of: character)
            if w == 0 { continue }
            if x + w > limit {
                if x < limit { set(row, x, .blank(style)) }
                break
            }
            set(row, x, Cell(text: String(character), width: UInt8(w), style: style))
            if w == 2 { set(row, x + 1, Cell(text: "", width: 0, style: style)) }
            x += w
        }
        return x - col
    }

    /// Writes runs of styled text one after another; returns the columns written.
    @discardableResult
    mutating func put(_ runs: [StyledText], row: Int, col: Int, maxWidth: Int) -> Int {
        var used = 0
        for run in runs where used < maxWidth {
            used += put(run.text, row: row, col: col + used, style: run.style, maxWidth: maxWidth - used)
        }
        return used
    }

    /// Fills a rectangle with one character (a single-width one) in a style.
    mutating func fill(row: Int, col: Int, height: Int, width: Int, character: Character = " ", style: CellStyle = .normal) {
        for y in max(0, row)..<min(rows, row + height) {
            for x in max(0, col)..<min(cols, col + width) {
                set(y, x, Cell(text: String(character), width: 1, style: style))
            }
        }
    }

    /// The text of one row, right halves of wide graphemes skipped (what a terminal would show).
    func text(row: Int) -> String {
        var line = ""
        for col in 0..<cols where self[row, col].width != 0 { line += self[row, col].text }
        return line
    }

    /// All rows as text, trailing spaces trimmed.
    var lines: [String] {
        (0..<rows).map { row in
            var line = text(row: row)
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// Replaces one cell as it is, halves of wide graphemes included (`downgradeToASCII` keeps the columns itself).
    mutating func replace(_ index: Int, with cell: Cell) {
        cells[index] = cell
    }

    private mutating func set(_ row: Int, _ col: Int, _ cell: Cell) {
        let index = row * cols + col
        // Overwriting half of a wide grapheme blanks its other half, so no orphan half stays on screen.
        if cells[index].width == 2, col + 1 < cols, cell.width != 2 { cells[index + 1] = .blank(cells[index].style) }
        if cells[index].width == 0, cell.width != 0, col > 0, cells[index - 1].width == 2 { cells[index - 1] = .blank(cells[index - 1].style) }
        cells[index] = cell
    }
}
