import CCurl

/// libcurl refused an option (an unsupported feature in this libcurl build, or out of memory).
struct CurlSetupError: Error, CustomStringConvertible {
    /// The option number.
    var option: Int
    /// The `CURLcode`.
    var code: Int
    /// libcurl's text for the code.
    var text: String

    var description: String { "curl_easy_setopt(\(option)) failed: curl error \(code): \(text)" }
}
