/// A one-line text field with a cursor: typing inserts, ←/→ home/end move, Backspace/Delete erase,
/// Ctrl-U clears.
struct LineEditor: Equatable, Sendable {
    /// The characters typed.
    private(set) var characters: [Character]
    /// Cursor position, 0...characters.count.
    private(set) var cursor: Int

    /// An editor holding `text`, cursor at its end.
    init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    /// The text.
    var text: String { String(characters) }

    /// Applies an editing key; returns false for keys that are not editing keys (Enter, Esc, Tab…).
    mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let c):
            characters.insert(c, at: cursor)
            cursor += 1
        case .backspace:
            if cursor > 0 {
                characters.remove(at: cursor - 1)
                cursor -= 1
            }
        case .delete:
            if cursor < characters.count { characters.remove(at: cursor) }
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home: cursor = 0
        case .end: cursor = characters.count
        case .clearLine:
            characters.removeAll()
            cursor = 0
        default:
            return false
        }
        return true
    }
}
