/// Which characters the terminal's locale can draw: the block elements of the sparklines need UTF-8.
enum GlyphSet: Equatable, Sendable {
    case unicode, ascii

    /// The set a locale environment allows: the first of `LC_ALL`, `LC_CTYPE`, `LANG` that is set decides,
    /// as it does for `setlocale`; none set means the C locale, which is ASCII.
    static func from(environment: [String: String]) -> GlyphSet {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let lowered = locale.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8") ? .unicode : .ascii
    }

    /// Eight levels, lowest first.
    var sparkLevels: [Character] {
        switch self {
        case .unicode: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        case .ascii: ["_", ".", ",", ":", "-", "=", "+", "#"]
        }
    }
}
