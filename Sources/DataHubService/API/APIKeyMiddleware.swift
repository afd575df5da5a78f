import DataHubStorage
public import Hummingbird

/// With API keys configured, `/data…`, `/export` and `/metrics` need `Authorization: Bearer <key>`; everything else
/// stays public. Keys are compared in constant time, against every configured key.
public struct APIKeyMiddleware: RouterMiddleware {
    public typealias Context = DataHubRequestContext
    private let keys: [[UInt8]]

    /// Creates the middleware; with no keys it lets everything through.
    public init(keys: [String]) {
        self.keys = keys.map { Array($0.utf8) }
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !keys.isEmpty, Self.isProtected(request.uri.path) else { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw Self.unauthorized("this route needs an API key: send Authorization: Bearer <key>")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw Self.unauthorized("the Authorization header must be 'Bearer <key>'")
        }
        let presented = Array(parts[1].utf8)
        var matched = false
        for key in keys where Self.constantTimeEqual(key, presented) { matched = true }
        guard matched else { throw Self.unauthorized("the API key is not valid") }
        return try await next(request, context)
    }

    static func isProtected(_ path: String) -> Bool {
        path == "/data" || path.hasBytePrefix("/data/") || path == "/export" || path.hasBytePrefix("/export/") || path == "/metrics"
            || path.hasBytePrefix("/metrics/")
    }

    static func unauthorized(_ message: String) -> APIError {
        var headers = HTTPFields()
        headers[.wwwAuthenticate] = "Bearer realm=\"datahub\""
        return APIError(.unauthorized, code: "unauthorized", message, headers: headers)
    }

    /// Compares without an early exit, so timing reveals nothing about where the bytes differ.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<a.count {
            difference |= a[i] ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
