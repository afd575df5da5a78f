/// A key or prefix that breaks DataHub's naming rules; the message says which rule and quotes the name.
public struct ObjectNameError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A sentence for the client, e.g. "invalid name: empty segment in 'a//b'".
    public var message: String

    /// Creates an error with a full message.
    public init(message: String) {
        self.message = message
    }

    public var description: String { message }

    /// An error whose message is "invalid name: " followed by `problem`.
    static func invalid(_ problem: String) -> ObjectNameError {
        ObjectNameError(message: "invalid name: \(problem)")
    }

    /// A name as it can be shown safely: control characters escaped, cut after 100 characters.
    static func quote(_ name: String) -> String {
        var shown = ""
        var count = 0
        for scalar in name.unicodeScalars {
            if count == 100 {
                shown += "…"
                break
            }
            if ObjectName.isControl(scalar) {
                shown += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                shown.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return "'\(shown)'"
    }
}
