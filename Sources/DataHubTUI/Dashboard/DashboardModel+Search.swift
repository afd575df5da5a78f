/// Search in the preview: `/` with the preview focused, `n` / `N`, Esc.
extension DashboardModel {
    /// The preview's lines, when it shows JSON.
    var previewLines: [[StyledText]]? {
        if case .json(let lines)? = preview?.content { return lines }
        return nil
    }

    /// Opens the search prompt (with the current query, to edit it).
    mutating func beginSearch() {
        guard previewLines != nil else {
            message = StatusMessage(text: "nothing to search: Enter shows an object in the preview first", isError: true)
            return
        }
        setPrompt(.search(LineEditor(previewSearch?.query ?? "")))
    }

    mutating func handleSearch(_ key: Key, editor: inout LineEditor) -> [Intent] {
        switch key {
        case .enter:
            setPrompt(.none)
            if editor.text.isEmpty {
                previewSearch = nil
            } else if previewSearch?.matches.isEmpty != false {
                message = StatusMessage(text: "no match for \(editor.text)", isError: true)
            }
        case .escape:
            setPrompt(.none)
            previewSearch = nil
        default:
            guard editor.handle(key) else { return [] }
            setPrompt(.search(editor))
            // Search as the user types, from the top of what is on screen.
            previewSearch = editor.text.isEmpty ? nil : PreviewSearch(query: editor.text, lines: previewLines ?? [], from: previewTop)
            revealCurrentMatch()
        }
        return []
    }

    /// `n` (forward) or `N`: the next or previous match, scrolled into view.
    mutating func stepMatch(forward: Bool) {
        guard var search = previewSearch else {
            message = StatusMessage(text: "no search: Tab to the preview, then / searches its text", isError: true)
            return
        }
        guard !search.matches.isEmpty else {
            message = StatusMessage(text: "no match for \(search.query)", isError: true)
            return
        }
        let wrapped = forward ? search.next() : search.previous()
        previewSearch = search
        if wrapped { message = StatusMessage(text: forward ? "search wrapped to the top" : "search wrapped to the bottom", isError: false) }
        revealCurrentMatch()
    }

    /// Esc outside prompts: clears the search.
    mutating func clearSearch() {
        guard previewSearch != nil else { return }
        previewSearch = nil
        message = StatusMessage(text: "search cleared", isError: false)
    }

    /// Scrolls the preview so the current match is on screen, a third of the way down when it was not.
    private mutating func revealCurrentMatch() {
        guard let line = previewSearch?.currentMatch?.line else { return }
        // The preview shows about as many lines as the objects pane (one less under the "first … shown" note).
        let rows = max(1, pageSize - 1)
        if line < previewTop || line >= previewTop + rows { previewTop = max(0, line - rows / 3) }
    }
}
