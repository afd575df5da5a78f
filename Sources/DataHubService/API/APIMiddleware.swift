import Foundation
public import Hummingbird
import Logging
import NIOConcurrencyHelpers

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
            ]
        )
        metrics.recordRequest(method: request.method.rawValue, route: route, status: response.status.code, duration: elapsed)
        status.recordRequest(method: request.method.rawValue, route: route, path: path, status: response.status.code, duration: elapsed)
        return response
    }

    /// A client's id is kept when it is 1-128 characters of letters, digits and `-_.:`.
    static func saneRequestID(_ value: String?) -> String? {
        guard let value, (1...128).contains(value.utf8.count),
            value.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || "-_.:".utf8.contains($0) })
        else { return nil }
        return value
    }

    /// 32 hex digits: a random prefix drawn once per process, then a counter. Unique within the process and
    /// across restarts, and cheap: no random-number syscall per request.
    static func newRequestID() -> String {
        let serial = requestSerial.withLockedValue { serial in
            serial &+= 1
            return serial
        }
        return String(unsafeUninitializedCapacity: 32) { buffer in
            writeHex(requestIDPrefix, into: buffer, at: 0)
            writeHex(serial, into: buffer, at: 16)
            return 32
        }
    }

    private static let requestIDPrefix: UInt64 = .random(in: .min ... .max)
    private static let requestSerial = NIOLockedValueBox<UInt64>(.random(in: 0...(1 << 32)))

    private static func writeHex(_ value: UInt64, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) {
        for index in 0..<16 {
            let nibble = UInt8((value >> UInt64(60 - 4 * index)) & 0xF)
            buffer[offset + index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
        }
    }
}
