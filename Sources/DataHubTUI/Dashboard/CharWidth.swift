/// Terminal column widths of characters, from a small table (East Asian wide ranges, emoji presentation,
/// combining marks), so layout does not depend on the process locale the way `wcwidth` does.
enum CharWidth {
    /// Wide (two-column) code point ranges: Hangul Jamo, CJK, Hangul syllables, fullwidth forms.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
        0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]

    /// Columns one grapheme takes: 0 (control or lone combining mark), 1 or 2.
    static func width(of character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let value = first.value
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if value < 0x300 { return 1 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if first.properties.isEmojiPresentation { return 2 }
        // A text-style emoji followed by VS16 (U+FE0F) is shown in emoji presentation: two columns.
        if character.unicodeScalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        for range in wideRanges where range.contains(value) { return 2 }
        return 1
    }

    /// Columns a whole string takes.
    static func width(of text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    /// The longest prefix of `text` that fits in `columns`, with "…" when something was cut.
    static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if width(of: text) <= columns { return text }
        var result = ""
        var used = 0
        for character in text {
            let w = width(of: character)
            if used + w > columns - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }

    /// `text` padded with spaces (or truncated) to exactly `columns` columns.
    static func pad(_ text: String, to columns: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: columns)
        let gap = String(repeating: " ", count: max(0, columns - width(of: cut)))
        return alignRight ? gap + cut : cut + gap
    }

    /// `text` cut in the middle with "…" to fit `columns`, keeping its start and its end (the distinctive
    /// parts of time-ordered object names).
    static func truncateMiddle(_ text: String, to columns: Int) -> String {
        if width(of: text) <= columns { return text }
        guard columns > 2 else { return truncate(text, to: columns) }
        let tailBudget = (columns - 1) / 2
        var tail = ""
        var used = 0
        for character in text.reversed() {
            let w = width(of: character)
            if used + w > tailBudget { break }
            tail.insert(character, at: tail.startIndex)
            used += w
        }
        return truncate(text, to: columns - used).dropLast() + "…" + tail
    }
}
