import DataHubStorage
import Foundation
import Hummingbird

/// Registers 405 answers: Hummingbird 2 answers a wrong method with 404, the contract wants 405 + `Allow`.
enum MethodNotAllowed {
    static let all: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete, .patch, .options, .trace, HTTPRequest.Method("QUERY")!]

    static func register(on router: Router<DataHubRequestContext>, path: RouterPath, allowed: [HTTPRequest.Method]) {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        for method in all where !allowed.contains(method) {
            router.on(path, method: method) { request, _ -> Response in
                var headers = HTTPFields()
                headers[.allow] = allow
                throw APIError(
                    .methodNotAllowed,
                    code: "method_not_allowed",
                    "\(request.method.rawValue) is not allowed here; use \(allow)",
                    headers: headers
                )
            }
        }
    }
}
