/// Text the console puts on the system clipboard, waiting for the shell to send it to the terminal (OSC 52).
struct ClipboardCopy: Equatable, Sendable {
    /// The bytes copied (UTF-8 text).
    var bytes: [UInt8]
}
