import Foundation

/// The terminal's clipboard escape (OSC 52): terminals, and tmux with `set-clipboard on`, put its payload on the
/// system clipboard, also over SSH.
enum OSC52 {
    /// `Y` copies objects up to this size.
    static let limit = 100 * 1024

    /// `ESC ] 52 ; c ; <base64> BEL`.
    static func sequence(_ bytes: [UInt8]) -> [UInt8] {
        Array("\u{1B}]52;c;".utf8) + Array(Data(bytes).base64EncodedString().utf8) + [0x07]
    }
}
