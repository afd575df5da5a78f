/// A configuration value that cannot be used. The message names the flag and the variable.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// One line saying what is wrong and where it came from.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
