/// One entry of the key table: the keys, how they are written, and what they do.
struct KeyBinding: Sendable {
    /// The keys that trigger the action.
    var keys: [Key]
    /// The keys as shown ("↑↓/jk").
    var label: String
    /// A one- or two-word hint for the status bar ("move").
    var hint: String
    /// The longer line of the help overlay.
    var help: String
    /// Whether the status bar lists it (the help overlay lists every binding).
    var inStatusBar: Bool
    /// The action.
    var action: KeyAction
}
