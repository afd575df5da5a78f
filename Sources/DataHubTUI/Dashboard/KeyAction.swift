/// Everything a key can ask the dashboard to do outside of prompts.
enum KeyAction: Hashable, Sendable, CaseIterable {
    case moveUp, moveDown, pageUp, pageDown, top, newest, view, switchPane
    case openFolder, parentFolder, toggleFlat
    case upload, delete, refresh, filter, sort, export, help, quit
    case save, nextMatch, previousMatch, clearSearch, copyName, copyJSON
}
