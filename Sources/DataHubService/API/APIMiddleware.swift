import Foundation
public import Hummingbird
import Logging

/// The outermost middleware: gives every request an id, renders every error (ours, the storage's and the
/// framework's own 404/405/413) in the one envelope, logs one structured line per request, and counts it
/// for `/metrics` and the dashboard.
public struct APIMiddleware: RouterMiddleware {
    public typealias Context = DataHubRequestContext

    let status: StatusCenter
    let metrics: APIMetrics

    /// Creates the middleware.
    public init(status: StatusCenter, metrics: APIMetrics) {
        self.status = status
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        var context = context
        context.requestID = Self.saneRequestID(request.headers[.requestID]) ?? Self.newRequestID()
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let apiError = APIError.from(error)
            if apiError.status == .internalServerError {
                context.logger.error("unexpected error", metadata: ["request_id": "\(context.requestID)", "error": "\(String(reflecting: error))"])
            }
            response = apiError.response(requestID: context.requestID)
        }
        response.headers[.requestID] = context.requestID
        let elapsed = clock.now - start
        let path = request.uri.path
        let route = context.endpointPath ?? "unmatched"
        context.logger.info(
            "request",
            metadata: [
                "request_id": "\(context.requestID)", "method": "\(request.method.rawValue)", "path": "\(path)",
                "status": "\(response.status.code)", "bytes": "\(response.body.contentLength.map(String.init) ?? "streamed")",
                "duration_ms": "\(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)",
            ])
        metrics.recordRequest(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)
        status.recordRequest(method: request.method.rawValue, path: path, status: response.status.code, duration: elapsed)
        return response
    }

    /// A client's id is kept when it is 1-128 characters of letters, digits and `-_.:`.
    static func saneRequestID(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || "-_.:".utf8.contains($0) })
        else { return nil }
        return value
    }

    static func newRequestID() -> String {
        var rng = SystemRandomNumberGenerator()
        let high = rng.next() as UInt64
        let low = rng.next() as UInt64
        return String(high, radix: 16).leftPadded(16) + String(low, radix: 16).leftPadded(16)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
