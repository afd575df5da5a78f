import CNCurses

/// Decoding of ncurses key codes (values of ncurses' KEY_* constants, stable across builds).
extension Terminal {
    /// A function key (get_wch returned KEY_CODE_YES).
    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case 0o402: .down
        case 0o403: .up
        case 0o404: .left
        case 0o405: .right
        case 0o406: .home
        case 0o407: .backspace
        case 0o512: .delete
        case 0o522: .pageDown
        case 0o523: .pageUp
        case 0o527: .enter
        case 0o550: .end
        case CNCurses_key_resize(): .resize
        default: nil
        }
    }

    /// A character from get_wch.
    static func characterKey(_ code: UInt32) -> Key? {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 21: return .clearLine
        case 27: return .escape
        case 8, 127: return .backspace
        case 0..<32: return nil
        default:
            guard let scalar = Unicode.Scalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }
}
