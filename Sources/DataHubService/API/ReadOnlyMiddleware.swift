import DataHubStorage
public import Hummingbird

/// With `--read-only`, refuses every `POST` and `DELETE` on `/data` and below with 403 `read_only`. It works on
/// method and path, not per route, so routes added later under `/data/` are covered too.
public struct ReadOnlyMiddleware: RouterMiddleware {
    public typealias Context = DataHubRequestContext

    /// Creates the middleware.
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.isRefused(method: request.method, path: request.uri.path) else { return try await next(request, context) }
        throw APIError(.forbidden, code: "read_only", "this DataHub runs read-only (--read-only); uploads and deletes are refused")
    }

    /// Whether a request would change data: `POST` or `DELETE` on `/data` or anything under `/data/`.
    static func isRefused(method: HTTPRequest.Method, path: String) -> Bool {
        guard method == .post || method == .delete else { return false }
        return path == "/data" || path == "/data/" || path.hasBytePrefix("/data/")
    }
}
