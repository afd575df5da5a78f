/// A parsed RFC 6901 JSON Pointer: the reference tokens, unescaped (`~1` is `/`, `~0` is `~`), as UTF-8 bytes.
///
/// The empty pointer selects the whole document. A token selects an object member by name, or an array element
/// when it is a decimal index without leading zeros (`0`, `17`; `-` and `01` select nothing).
public struct JSONPointer: Sendable, Equatable {
    /// The unescaped reference tokens.
    public let tokens: [[UInt8]]
    /// Each token's array index, when it is one.
    public let indexes: [Int?]

    /// Parses a pointer.
    /// - Throws: `JSONPointerError.invalidPointer` when it does not start with `/` (and is not empty), or a `~`
    ///   is not followed by `0` or `1`.
    public init(_ text: String) throws(JSONPointerError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else {
            tokens = []
            indexes = []
            return
        }
        guard bytes[0] == UInt8(ascii: "/") else { throw .invalidPointer("it must be empty or start with '/'") }
        var tokens: [[UInt8]] = []
        var token: [UInt8] = []
        var index = 1
        while index <= bytes.count {
            if index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                tokens.append(token)
                token = []
            } else if bytes[index] == UInt8(ascii: "~") {
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                switch next {
                case UInt8(ascii: "0"): token.append(UInt8(ascii: "~"))
                case UInt8(ascii: "1"): token.append(UInt8(ascii: "/"))
                default: throw .invalidPointer("'~' at byte \(index) must be followed by 0 or 1")
                }
                index += 1
            } else {
                token.append(bytes[index])
            }
            index += 1
        }
        self.tokens = tokens
        self.indexes = tokens.map(Self.arrayIndex)
    }

    /// The index a token names in an array: `0` or digits not starting with `0`, within `Int`.
    static func arrayIndex(_ token: [UInt8]) -> Int? {
        guard let first = token.first, token.count <= 18, token.allSatisfy({ $0 &- 0x30 < 10 }) else { return nil }
        if first == UInt8(ascii: "0") && token.count > 1 { return nil }
        return token.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
