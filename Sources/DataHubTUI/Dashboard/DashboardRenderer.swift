import Foundation

/// Draws a model into a cell grid: frame, title, panes, message row, status bar, overlays.
struct DashboardRenderer: Sendable {
    /// The clock's time zone (tests pin it).
    var timeZone: TimeZone = .current
    /// What the locale can draw: without UTF-8 the sparklines use ASCII levels and every other grapheme an ASCII
    /// look-alike.
    var glyphs: GlyphSet = .unicode

    /// Renders the whole screen.
    /// - Parameters:
    ///   - model: the state to show.
    ///   - now: the time, for the uptime clock.
    ///   - rows: screen rows.
    ///   - cols: screen columns.
    func render(_ model: DashboardModel, now: Date, rows: Int, cols: Int) -> CellGrid {
        var grid = drawScreen(model, now: now, rows: rows, cols: cols)
        if glyphs == .ascii { grid.downgradeToASCII() }
        return grid
    }

    private func drawScreen(_ model: DashboardModel, now: Date, rows: Int, cols: Int) -> CellGrid {
        var grid = CellGrid(rows: rows, cols: cols)
        guard let layout = DashboardLayout(rows: rows, cols: cols) else {
            drawTooSmall(&grid)
            return grid
        }
        drawFrame(&grid, layout, model)
        drawObjects(&grid, layout, model)
        drawPreview(&grid, layout, model)
        drawHealth(&grid, layout, model, now: now)
        drawActivity(&grid, layout, model)
        drawMessage(&grid, layout, model)
        if model.prompt == .help { drawHelp(&grid, layout, model.keys, readOnly: model.header.readOnly) }
        return grid
    }

    /// The size notice, word-wrapped to the screen width.
    private func drawTooSmall(_ grid: inout CellGrid) {
        let words = DashboardLayout.tooSmallNotice(rows: grid.rows, cols: grid.cols).split(separator: " ")
        var lines: [String] = []
        var line = ""
        for word in words {
            if !line.isEmpty && line.count + 1 + word.count > grid.cols {
                lines.append(line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        lines.append(line)
        let top = max(0, (grid.rows - lines.count) / 2)
        for (i, text) in lines.enumerated() {
            grid.put(text, row: top + i, col: max(0, (grid.cols - text.count) / 2), style: CellStyle(.error, bold: true))
        }
    }

    private func drawFrame(_ grid: inout CellGrid, _ l: DashboardLayout, _ model: DashboardModel) {
        let border = CellStyle(.border)
        let horizontal = String(repeating: "─", count: l.cols)
        for row in [0, l.separatorRow, l.statusRow] { grid.put(horizontal, row: row, col: 0, style: border) }
        for row in 1..<l.statusRow where row != l.separatorRow {
            grid.put("│", row: row, col: 0, style: border)
            grid.put("│", row: row, col: l.cols - 1, style: border)
        }
        for row in 1..<l.messageRow where row != l.separatorRow { grid.put("│", row: row, col: l.splitCol, style: border) }
        grid.put("┌", row: 0, col: 0, style: border)
        grid.put("┐", row: 0, col: l.cols - 1, style: border)
        grid.put("├", row: l.separatorRow, col: 0, style: border)
        grid.put("┼", row: l.separatorRow, col: l.splitCol, style: border)
        grid.put("┤", row: l.separatorRow, col: l.cols - 1, style: border)
        grid.put("└", row: l.statusRow, col: 0, style: border)
        grid.put("┘", row: l.statusRow, col: l.cols - 1, style: border)
        let h = model.header
        // READ-ONLY goes first: a long endpoint cuts the end of the title on narrow screens.
        let mode = h.readOnly ? "READ-ONLY ─ " : ""
        // The breadcrumb (where the list is) before the endpoint, cut at its start to leave the endpoint room.
        let place = FolderPath.breadcrumb(bucket: h.bucket, prefix: model.listPrefix, width: max(20, l.cols / 2))
        let title = " DataHub ─ \(mode)\(place) @ \(h.endpoint) ─ API \(h.apiAddress.isEmpty ? "starting…" : h.apiAddress) "
        grid.put(title, row: 0, col: 1, style: CellStyle(.title, bold: true), maxWidth: l.cols - 3)
        if let job = model.exportJob {
            // While an export runs its progress takes the status line; the keys stay in the help.
            grid.put(" " + job.line(width: l.cols - 5) + " ", row: l.statusRow, col: 1, style: CellStyle(.header, bold: true), maxWidth: l.cols - 3)
        } else {
            grid.put(" " + model.keys.statusBarText(width: l.cols - 5) + " ", row: l.statusRow, col: 1, style: CellStyle(.hint), maxWidth: l.cols - 3)
        }
    }

    private func drawMessage(_ grid: inout CellGrid, _ l: DashboardLayout, _ model: DashboardModel) {
        let width = l.cols - 4
        switch model.prompt {
        case .filter(let editor): drawEditor(&grid, l, label: "Filter (Enter keeps, Esc clears, end with / for a folder): ", editor)
        case .search(let editor): drawEditor(&grid, l, label: "Search the preview (Enter keeps, Esc clears): ", editor)
        case .upload(let editor):
            // Uploads go into the folder shown: the prompt names it.
            let place = model.listPrefix.isEmpty ? "" : "into " + CharWidth.truncateMiddle(model.listPrefix, to: 24) + " "
            drawEditor(&grid, l, label: "Upload JSON file \(place)(Enter uploads, Esc cancels): ", editor)
        case .confirmDelete(let key):
            grid.put("Delete \(key)? (y/n)", row: l.messageRow, col: 2, style: CellStyle(.error, bold: true), maxWidth: width)
        case .exportPath(let editor, let target):
            drawEditor(&grid, l, label: "Export \(target.label) as NDJSON to (Enter starts, Esc cancels): ", editor)
        case .confirmExportOverwrite(let path, _):
            grid.put("\(path) exists. Overwrite it? (y/n)", row: l.messageRow, col: 2, style: CellStyle(.error, bold: true), maxWidth: width)
        case .confirmExportCancel:
            grid.put(
                "Cancel the export? The partial file is removed. (y/n)",
                row: l.messageRow,
                col: 2,
                style: CellStyle(.error, bold: true),
                maxWidth: width
            )
        case .save(_, let editor):
            // The path already holds the object's name; the label stays short so the path has the room.
            drawEditor(&grid, l, label: "Save to (Enter saves, Esc cancels): ", editor)
        case .confirmOverwrite(_, let path):
            grid.put("\(path) exists: overwrite it? (y/n)", row: l.messageRow, col: 2, style: CellStyle(.error, bold: true), maxWidth: width)
        case .help, .none:
            guard let message = model.message else { return }
            grid.put(message.text, row: l.messageRow, col: 2, style: CellStyle(message.isError ? .error : .normal), maxWidth: width)
        }
    }

    private func drawEditor(_ grid: inout CellGrid, _ l: DashboardLayout, label: String, _ editor: LineEditor) {
        let width = l.cols - 4
        var col = 2 + grid.put(label, row: l.messageRow, col: 2, style: CellStyle(.header, bold: true), maxWidth: width)
        // Keep the cursor on screen: show the tail of a long text.
        let room = max(1, 2 + width - col - 1)
        let chars = editor.characters
        var start = 0
        while CharWidth.width(of: String(chars[start..<editor.cursor])) >= room { start += 1 }
        for (offset, character) in chars[start...].enumerated() {
            let style = start + offset == editor.cursor ? CellStyle(.cursor) : .normal
            let used = grid.put(String(character), row: l.messageRow, col: col, style: style, maxWidth: 2 + width - col)
            if used == 0 { break }
            col += used
        }
        if editor.cursor == chars.count { grid.put(" ", row: l.messageRow, col: col, style: CellStyle(.cursor)) }
    }

    private func drawHelp(_ grid: inout CellGrid, _ l: DashboardLayout, _ keys: KeyTable, readOnly: Bool) {
        var lines = keys.helpLines(readOnly: readOnly) + ["", "press any key to close"]
        if lines.count + 2 > l.rows - 2 {
            // Too short for one line per key: the keys and their hints in columns, the longer help left out.
            let columns = max(1, (l.cols - 8) / 24)
            lines = keys.compactHelpLines(readOnly: readOnly, columns: columns, width: (l.cols - 8) / columns) + ["press any key to close"]
        }
        let width = min(l.cols - 4, (lines.map { CharWidth.width(of: $0) }.max() ?? 0) + 4)
        let height = min(l.rows - 2, lines.count + 2)
        let top = max(1, (l.rows - height) / 2)
        let left = max(1, (l.cols - width) / 2)
        let border = CellStyle(.border, bold: true)
        grid.fill(row: top, col: left, height: height, width: width)
        grid.put("┌" + String(repeating: "─", count: width - 2) + "┐", row: top, col: left, style: border)
        grid.put(" Help: keys ", row: top, col: left + 2, style: CellStyle(.title, bold: true))
        for i in 1..<(height - 1) {
            grid.put("│", row: top + i, col: left, style: border)
            grid.put("│", row: top + i, col: left + width - 1, style: border)
            if i - 1 < lines.count { grid.put(lines[i - 1], row: top + i, col: left + 2, maxWidth: width - 4) }
        }
        grid.put("└" + String(repeating: "─", count: width - 2) + "┘", row: top + height - 1, col: left, style: border)
    }
}
