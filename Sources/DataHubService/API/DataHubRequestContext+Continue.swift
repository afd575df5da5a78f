import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes

extension DataHubRequestContext {
    /// Answers `Expect: 100-continue` with `100 Continue`, once the request has passed every check that needs no
    /// body (authentication, content type, declared size, storage available), just before the body is read.
    ///
    /// Without it curl (and libcurl-based clients) wait a second before sending any body over 1 MB; a request
    /// refused before this point gets its final answer instead, and the client never sends the body.
    func acceptBody(of request: Request) async {
        guard let expectation = request.headers[.expect], expectation.lowercased() == "100-continue" else { return }
        // Written ahead of the final response, which Hummingbird writes only after the handler returns. A
        // failed write means the connection is gone, and reading the body then fails on its own.
        try? await channel.writeAndFlush(HTTPResponsePart.head(HTTPResponse(status: .continue)))
    }
}
