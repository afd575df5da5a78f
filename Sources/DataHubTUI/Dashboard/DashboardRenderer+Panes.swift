import DataHubStorage
import Foundation

/// The four panes.
extension DashboardRenderer {
    func drawObjects(_ grid: inout CellGrid, _ l: DashboardLayout, _ model: DashboardModel) {
        let width = l.leftWidth - 2
        let col = 2
        var header = [StyledText("Objects (\(model.countText))", headerStyle(model, .objects))]
        if model.sort != .storeOrder { header.append(StyledText(" by \(model.sort.label)", CellStyle(.dim))) }
        if model.mode == .flat { header.append(StyledText(" flat", CellStyle(.dim))) }
        if model.isStale { header.append(StyledText(" STALE", CellStyle(.stale, bold: true))) }
        let filterText = model.filter.isEmpty ? "/ filter" : "/ " + model.filter
        let headerWidth = grid.put(header, row: l.topRow, col: col, maxWidth: width)
        let room = width - headerWidth - 1
        if room > 3 {
            let shown = CharWidth.truncate(filterText, to: room)
            grid.put(shown, row: l.topRow, col: col + width - CharWidth.width(of: shown), style: CellStyle(.dim))
        }
        let rows = model.visibleRows
        guard !rows.isEmpty else {
            let text = model.listError.map { "listing failed: \($0)" } ?? (model.listComplete ? "(no objects)" : "loading…")
            grid.put(text, row: l.topRow + 1, col: col, style: CellStyle(model.listError == nil ? .dim : .error), maxWidth: width)
            return
        }
        let page = max(1, l.objectRows)
        let top = (model.selected / page) * page
        let showDate = width >= 50
        let nameWidth = width - 2 - 9 - (showDate ? 12 : 0)
        for i in 0..<page where top + i < rows.count {
            let row = rows[top + i]
            let isSelected = top + i == model.selected
            // Names without the folder part: "▸ 2026/" for a folder, "data_….json" for an object.
            let name = (row.isFolder ? "▸ " : "") + FolderPath.name(of: row.key, in: model.listPrefix)
            var text = (isSelected ? "> " : "  ") + CharWidth.pad(CharWidth.truncateMiddle(name, to: nameWidth), to: nameWidth) + " "
            if !row.isFolder {
                text += CharWidth.pad(Format.bytes(row.size), to: 8, alignRight: true)
                if showDate { text += " " + Format.shortDate(row.modified, timeZone) }
            }
            let plain = model.isStale ? CellStyle(.dim) : row.isFolder ? CellStyle(.header, bold: true) : CellStyle(.normal)
            let style = isSelected ? CellStyle(.selected, bold: model.focus == .objects) : plain
            grid.put(CharWidth.pad(text, to: width), row: l.topRow + 1 + i, col: col, style: style, maxWidth: width)
        }
    }

    func drawPreview(_ grid: inout CellGrid, _ l: DashboardLayout, _ model: DashboardModel) {
        let col = l.rightCol + 1
        let width = l.rightWidth - 1
        guard let preview = model.preview else {
            grid.put("Preview", row: l.topRow, col: col, style: headerStyle(model, .preview), maxWidth: width)
            grid.put("Enter shows the selected object here", row: l.topRow + 1, col: col, style: CellStyle(.dim), maxWidth: width)
            return
        }
        var header = [
            StyledText("Preview  ", headerStyle(model, .preview)), StyledText(preview.key, CellStyle(.header)),
            StyledText("  " + Format.bytes(preview.size), CellStyle(.dim)),
        ]
        if let digest = preview.digest { header.append(StyledText("  " + digest.label, CellStyle(digest.role))) }
        var headerWidth = width
        if let search = model.previewSearch {
            // The search and its count, right-aligned: "/city 3/17".
            let text = CharWidth.truncate("/" + search.query + " " + search.label, to: max(1, width / 2))
            let textWidth = CharWidth.width(of: text)
            let style = search.matches.isEmpty ? CellStyle(.error, bold: true) : CellStyle(.header, bold: true)
            grid.put(text, row: l.topRow, col: col + width - textWidth, style: style)
            headerWidth = width - textWidth - 1
        }
        grid.put(header, row: l.topRow, col: col, maxWidth: headerWidth)
        var row = l.topRow + 1
        if let error = preview.error {
            grid.put(error, row: row, col: col, style: CellStyle(.error), maxWidth: width)
            return
        }
        guard let content = preview.content else {
            grid.put("loading…", row: row, col: col, style: CellStyle(.dim), maxWidth: width)
            return
        }
        switch content {
        case .notJSON(let size):
            grid.put(PreviewContent.notJSONText(size), row: row, col: col, style: CellStyle(.error), maxWidth: width)
        case .json(let lines):
            if Int64(preview.fetched) < preview.size {
                let note = "(first \(Format.bytes(Int64(preview.fetched))) of \(Format.bytes(preview.size)) shown)"
                grid.put(note, row: row, col: col, style: CellStyle(.dim), maxWidth: width)
                row += 1
            }
            let top = min(model.previewTop, max(0, lines.count - 1))
            for (i, line) in lines[top...].prefix(l.topRow + l.topHeight - row).enumerated() {
                let runs = model.previewSearch?.highlighted(line, line: top + i) ?? line
                grid.put(runs, row: row + i, col: col, maxWidth: width)
            }
        }
    }

    func drawHealth(_ grid: inout CellGrid, _ l: DashboardLayout, _ model: DashboardModel, now: Date) {
        let col = 2
        let width = l.leftWidth - 2
        let status = model.status
        let health = status.health
        let (word, role): (String, ColorRole) =
            switch health.state {
            case .up: ("UP", .up)
            case .down: ("DOWN", .down)
            case .unknown: ("UNKNOWN", .dim)
            }
        var first = [StyledText("Storage  ", CellStyle(.header, bold: true)), StyledText("● " + word, CellStyle(role, bold: true))]
        if let latency = health.latencyMs, health.state == .up { first.append(StyledText("  \(latency) ms")) }
        let r = l.bottomRow
        let used = grid.put(first, row: r, col: col, maxWidth: width)
        drawSpark(&grid, model.history.latency, row: r, col: col + used, width: width - used, missing: Sparkline.outage)
        grid.put("since \(Format.clock(health.since, timeZone))", row: r + 1, col: col + 2, style: CellStyle(role), maxWidth: width - 2)
        let errorText = "last error: " + (health.lastError ?? "none")
        grid.put(errorText, row: r + 2, col: col + 2, style: CellStyle(health.state == .down ? .error : .dim), maxWidth: width - 2)
        let uptime = Format.uptime(Int(now.timeIntervalSince(status.startedAt)))
        let apiUsed = grid.put(
            [StyledText("API  ", CellStyle(.header, bold: true)), StyledText("\(status.requests) req  uptime \(uptime)")],
            row: r + 3,
            col: col,
            maxWidth: width
        )
        let perSecond = model.history.requests.values.last.flatMap { $0 } ?? 0
        drawSpark(&grid, model.history.requests, row: r + 3, col: col + apiUsed, width: width - apiUsed, label: " \(perSecond)/s")
        let counters = "2xx \(status.status2xx)  4xx \(status.status4xx)  5xx \(status.status5xx)  503s \(status.status503)"
        let countersUsed = 2 + grid.put(counters, row: r + 4, col: col + 2, maxWidth: width - 2)
        let share = model.history.errorShare.values.last.flatMap { $0 }.map { "\($0)%" } ?? "-"
        drawSpark(
            &grid,
            model.history.errorShare,
            row: r + 4,
            col: col + countersUsed,
            width: width - countersUsed,
            scaleMax: 100,
            label: " 5xx " + share,
            role: .error
        )
        grid.put(model.header.apiAddress, row: r + 5, col: col + 2, style: CellStyle(.dim), maxWidth: width - 2)
    }

    /// A sparkline of the newest seconds that fit after two spaces and before `label`, at most two minutes; left out
    /// when fewer than 10 seconds would fit, which says too little to be worth the noise.
    private func drawSpark(
        _ grid: inout CellGrid,
        _ series: SecondSeries,
        row: Int,
        col: Int,
        width: Int,
        scaleMax: Int? = nil,
        label: String = "",
        missing: Character = Sparkline.gap,
        role: ColorRole = .up
    ) {
        let columns = min(SecondSeries.capacity, width - 2 - CharWidth.width(of: label))
        guard columns >= 10 else { return }
        let line = Sparkline(glyphs: glyphs).text(series.newest(columns), width: columns, scaleMax: scaleMax, missing: missing)
        let used = grid.put(line, row: row, col: col + 2, style: CellStyle(role))
        grid.put(label, row: row, col: col + 2 + used, style: CellStyle(.dim), maxWidth: width - 2 - used)
    }

    func drawActivity(_ grid: inout CellGrid, _ l: DashboardLayout, _ model: DashboardModel) {
        let col = l.rightCol + 1
        let width = l.rightWidth - 1
        grid.put("Activity", row: l.bottomRow, col: col, style: headerStyle(model, .activity), maxWidth: width)
        let lines = model.status.activity.dropFirst(model.activityTop).prefix(l.bottomHeight - 1)
        for (i, line) in lines.enumerated() {
            let runs = [
                StyledText(Format.clock(line.time, timeZone) + " ", CellStyle(.dim)),
                StyledText(line.text, CellStyle(line.isError ? .error : .normal)),
            ]
            grid.put(runs, row: l.bottomRow + 1 + i, col: col, maxWidth: width)
        }
    }

    private func headerStyle(_ model: DashboardModel, _ pane: Pane) -> CellStyle {
        model.focus == pane ? CellStyle(.focusHeader, bold: true) : CellStyle(.header, bold: true)
    }
}
