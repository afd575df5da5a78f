/// Whether the screen draws colours. no-color.org: `NO_COLOR` set and not empty turns them off.
enum ColorMode: Equatable, Sendable {
    case colour, monochrome

    /// The mode an environment asks for.
    static func from(environment: [String: String]) -> ColorMode {
        if let value = environment["NO_COLOR"], !value.isEmpty { return .monochrome }
        return .colour
    }

    /// Whether a role is drawn bold on top of its style: without colour, the roles whose meaning was their
    /// colour (down, stale, errors, headers) stand out by weight instead.
    func addsBold(_ role: ColorRole) -> Bool {
        guard self == .monochrome else { return false }
        return [.down, .stale, .error, .title, .header, .focusHeader].contains(role)
    }
}
