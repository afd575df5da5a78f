import Foundation

/// A search in the preview's text (case-insensitive): the query, every match in line order, and the current one.
struct PreviewSearch: Equatable, Sendable {
    /// The text searched for.
    let query: String
    /// Every match, in line order and, within a line, from left to right.
    let matches: [PreviewMatch]
    /// Index into `matches` of the current match (nil when nothing matched).
    private(set) var current: Int?

    /// Finds `query` in `lines`; the current match is the first one on or after line `from`, else the first.
    init(query: String, lines: [[StyledText]], from line: Int = 0) {
        self.query = query
        var found: [PreviewMatch] = []
        if !query.isEmpty {
            for (index, runs) in lines.enumerated() {
                let text = runs.map(\.text).joined()
                var searchStart = text.startIndex
                while let range = text.range(of: query, options: .caseInsensitive, range: searchStart..<text.endIndex), !range.isEmpty {
                    let start = text.distance(from: text.startIndex, to: range.lowerBound)
                    found.append(PreviewMatch(line: index, start: start, length: text.distance(from: range.lowerBound, to: range.upperBound)))
                    searchStart = range.upperBound
                }
            }
        }
        matches = found
        current = found.isEmpty ? nil : (found.firstIndex { $0.line >= line } ?? 0)
    }

    /// The current match.
    var currentMatch: PreviewMatch? { current.map { matches[$0] } }

    /// "3/17"; "0/0" when nothing matched.
    var label: String { "\(current.map { $0 + 1 } ?? 0)/\(matches.count)" }

    /// Moves to the next match, after the last back to the first; returns true when it wrapped.
    mutating func next() -> Bool {
        guard let index = current else { return false }
        current = (index + 1) % matches.count
        return index + 1 == matches.count
    }

    /// Moves to the previous match, before the first on to the last; returns true when it wrapped.
    mutating func previous() -> Bool {
        guard let index = current else { return false }
        current = (index + matches.count - 1) % matches.count
        return index == 0
    }

    /// The matches on one line (binary search: `matches` is in line order).
    func matches(onLine line: Int) -> ArraySlice<PreviewMatch> {
        var low = 0
        var high = matches.count
        while low < high {
            let mid = (low + high) / 2
            if matches[mid].line < line { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < matches.count, matches[end].line == line { end += 1 }
        return matches[low..<end]
    }

    /// A line's runs with its matches cut out as runs of their own, in the match style (the current match in
    /// its own); the text is unchanged.
    func highlighted(_ runs: [StyledText], line: Int) -> [StyledText] {
        let onLine = matches(onLine: line)
        guard !onLine.isEmpty else { return runs }
        let currentMatch = self.currentMatch
        // One style per character, then runs of equal style again.
        var characters: [(Character, CellStyle)] = runs.flatMap { run in run.text.map { ($0, run.style) } }
        for match in onLine {
            let style = match == currentMatch ? CellStyle(.currentMatch, bold: true) : CellStyle(.match)
            for i in match.start..<min(characters.count, match.start + match.length) { characters[i].1 = style }
        }
        var result: [StyledText] = []
        for (character, style) in characters {
            if let last = result.last, last.style == style {
                result[result.count - 1].text.append(character)
            } else {
                result.append(StyledText(String(character), style))
            }
        }
        return result
    }
}
