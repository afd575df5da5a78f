import CCurl

/// `curl_global_init` runs once per process, before the first easy handle (a Swift global is initialised once, thread-safely).
let curlGlobalInitResult: CURLcode = curl_global_init(Int(CURL_GLOBAL_ALL))

/// One libcurl easy handle, reused across requests (reset between them). Only the curl loop thread that
/// owns it touches it; connections live in the loop's multi handle and are kept alive there.
final class CurlEasy: @unchecked Sendable {
    /// The raw handle.
    let handle: UnsafeMutableRawPointer
    /// Room for libcurl's detailed error text (`CURLOPT_ERRORBUFFER`), valid for the handle's lifetime.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// Creates a handle; `nil` when libcurl cannot (out of memory or a failed global init).
    init?() {
        guard curlGlobalInitResult == CURLE_OK, let handle = curl_easy_init() else { return nil }
        self.handle = handle
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        self.errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Clears every option (the connection and DNS caches stay) and points the error buffer at ours again.
    func reset() {
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        _ = CCurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
    }

    /// Sets an integer option.
    func set(_ option: CURLoption, _ value: Int) throws(CurlSetupError) {
        try check(CCurl_setopt_long(handle, option, value), option)
    }

    /// Sets a string option (libcurl copies the string).
    func set(_ option: CURLoption, _ value: String) throws(CurlSetupError) {
        try check(CCurl_setopt_string(handle, option, value), option)
    }

    /// Sets a 64-bit size option.
    func set(_ option: CURLoption, size value: Int64) throws(CurlSetupError) {
        try check(CCurl_setopt_off_t(handle, option, curl_off_t(value)), option)
    }

    /// Sets a pointer option; the pointee must outlive the transfer.
    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(CurlSetupError) {
        try check(CCurl_setopt_pointer(handle, option, value), option)
    }

    /// libcurl's detailed text for the last failure, or its generic text for `code`.
    func errorText(for code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        if !detail.isEmpty { return detail }
        return String(cString: curl_easy_strerror(code))
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlSetupError) {
        guard code == CURLE_OK else {
            throw CurlSetupError(option: Int(option.rawValue), code: Int(code.rawValue), text: String(cString: curl_easy_strerror(code)))
        }
    }
}
