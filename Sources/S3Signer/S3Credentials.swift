/// An access key pair for AWS Signature V4.
///
/// `description` never shows the secret, so credentials can be logged or interpolated safely.
public struct S3Credentials: Sendable, CustomStringConvertible, CustomReflectable {
    /// The access key id, e.g. `AKIAIOSFODNN7EXAMPLE`; it is not a secret and appears in every signed request.
    public let accessKey: String
    /// The secret access key; it only ever enters the HMAC key derivation.
    public let secretKey: String

    /// Creates credentials from an access key id and its secret.
    /// - Parameters:
    ///   - accessKey: The access key id.
    ///   - secretKey: The secret access key.
    public init(accessKey: String, secretKey: String) {
        self.accessKey = accessKey
        self.secretKey = secretKey
    }

    /// The access key with the secret masked: `S3Credentials(accessKey: AKIA…, secretKey: ***)`.
    public var description: String {
        "S3Credentials(accessKey: \(accessKey), secretKey: ***)"
    }

    /// The secret masked here too, so `dump`, debuggers and `String(reflecting:)` of anything holding the
    /// credentials cannot show it.
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKey": accessKey, "secretKey": "***"], displayStyle: .struct)
    }
}
