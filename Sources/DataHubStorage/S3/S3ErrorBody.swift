import NIOCore

/// The `<Code>` and `<Message>` of an S3 error body.
struct S3ErrorBody: Sendable, Equatable {
    /// The S3 error code (`NoSuchKey`, `SignatureDoesNotMatch`, …).
    var code: String
    /// The store's message.
    var message: String

    /// Parses an error body; `nil` when it holds no `<Code>`.
    init?(_ body: ByteBuffer) {
        guard body.readableBytes > 0 else { return nil }
        let text = String(buffer: body)
        guard let code = S3XML.value("Code", in: Substring(text)), !code.isEmpty else { return nil }
        self.code = code
        self.message = S3XML.value("Message", in: Substring(text)) ?? ""
    }
}
