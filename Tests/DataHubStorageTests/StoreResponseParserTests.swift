import Foundation
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DataHubStorage

/// The store connections' own HTTP/1.1 answer parser: checked against NIO's decoder on random answers cut into
/// random reads, and on the malformed answers a store (or something that is not one) can send.
@Suite struct StoreResponseParserTests {
    /// What an answer amounts to, the same way for both parsers.
    struct Answer: Equatable, CustomStringConvertible {
        var status: Int
        var headers: [String]
        var body: [UInt8]
        var keepAlive: Bool
        var description: String { "\(status) \(headers) \(body.count) bytes keepAlive=\(keepAlive)" }
    }

    @Test func randomAnswersReadInRandomPiecesMatchNIOsDecoder() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<600 {
            let (bytes, isHEAD, closeDelimited) = Self.randomAnswer(using: &generator)
            let pieces = Self.cut(bytes, using: &generator)
            let ours = try Self.parseWithOurs(pieces, isHEAD: isHEAD, closeAtEnd: closeDelimited)
            let nios = try Self.parseWithNIO(pieces, isHEAD: isHEAD, closeAtEnd: closeDelimited)
            #expect(ours == nios, "round \(round): \(String(decoding: bytes.prefix(300), as: UTF8.self))")
            if ours != nios { return }
        }
    }

    @Test func interimAnswersAreSkipped() throws {
        let answer = try Self.parseWithOurs([Array("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".utf8)])
        #expect(answer == Answer(status: 200, headers: ["Content-Length: 2"], body: Array("ok".utf8), keepAlive: true))
    }

    @Test func answersWithoutABody() throws {
        let head = Array("HTTP/1.1 200 OK\r\nContent-Length: 1024\r\n\r\n".utf8)
        #expect(try Self.parseWithOurs([head], isHEAD: true).body.isEmpty, "HEAD: the length is the object's, no body follows")
        for status in [204, 304] {
            let answer = try Self.parseWithOurs([Array("HTTP/1.1 \(status) X\r\nContent-Length: 5\r\n\r\n".utf8)])
            #expect(answer.status == status && answer.body.isEmpty)
        }
    }

    @Test func keepAliveFollowsTheVersionAndConnectionHeader() throws {
        #expect(try Self.parseWithOurs([Array("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".utf8)]).keepAlive == false)
        #expect(
            try Self.parseWithOurs([Array("HTTP/1.1 200 OK\r\nConnection: Keep-Alive, CLOSE\r\nContent-Length: 0\r\n\r\n".utf8)]).keepAlive == false
        )
        #expect(try Self.parseWithOurs([Array("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n".utf8)]).keepAlive == false)
        #expect(try Self.parseWithOurs([Array("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n".utf8)]).keepAlive == true)
    }

    @Test func bytesBeyondTheAnswerAreLeftOver() throws {
        var parser = StoreResponseParser()
        parser.expectAnswer(toHEAD: false)
        var input = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA")
        var events = 0
        while let event = try parser.next(&input) {
            events += 1
            if case .end = event { break }
        }
        #expect(events == 3)
        #expect(parser.isIdle)
        let more = try parser.next(&input)
        #expect(more == nil, "an idle parser reads nothing")
        #expect(String(buffer: input) == "EXTRA", "the connection sees what was not asked for")
    }

    @Test(arguments: [
        ("SSH-2.0-OpenSSH_9.6\r\n\r\n", "status line"),
        ("HTTP/1.1 2000 OK\r\n\r\n", "status line"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n", "Content-Length"),
        ("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc", "Content-Length"),
        ("HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "malformed header"),
        ("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "malformed header"),
        ("HTTP/1.1 200 OK\r\nX-A: a\u{0}b\r\n\r\n", "control character"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", "chunk size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", "longer than its size"),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffff\r\n", "does not fit"),
        ("HTTP/1.1 101 Switching Protocols\r\n\r\n", "switched protocols"),
    ])
    func malformedAnswersFailWithAReason(answer: String, reason: String) {
        let error = #expect(throws: StoreResponseError.self) { _ = try Self.parseWithOurs([Array(answer.utf8)]) }
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
    }

    @Test func aHeadThatNeverEndsFailsAtTheLimit() throws {
        var parser = StoreResponseParser()
        parser.expectAnswer(toHEAD: false)
        var input = ByteBuffer(string: "HTTP/1.1 200 OK\r\n")
        let first = try parser.next(&input)
        #expect(first == nil, "the head is not complete")
        let line = ByteBuffer(string: "X-Filler: " + String(repeating: "a", count: 1000) + "\r\n")
        var failed = false
        for _ in 0..<100 {
            var more = line
            do {
                _ = try parser.next(&more)
            } catch {
                failed = "\(error)".contains("longer than")
                break
            }
        }
        #expect(failed, "a head over 64 KiB is refused, not buffered without end")
    }

    @Test func anAnswerCutShortByTheCloseIsNotComplete() throws {
        var parser = StoreResponseParser()
        parser.expectAnswer(toHEAD: false)
        var input = ByteBuffer(string: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        while try parser.next(&input) != nil {}
        let ended = parser.inputClosed()
        #expect(!ended, "3 of 10 bytes: the close does not end it")
        var open = StoreResponseParser()
        open.expectAnswer(toHEAD: false)
        var unframed = ByteBuffer(string: "HTTP/1.1 200 OK\r\n\r\nabc")
        while try open.next(&unframed) != nil {}
        let closed = open.inputClosed()
        #expect(closed, "no length, not chunked: the close ends the body")
    }

    @Test func headerLookupIgnoresCaseAndTakesTheFirst() {
        var headers = ResponseHeaders(lines: ByteBuffer(string: "ETag: \"a\"\r\netag: \"b\"\r\nContent-Length: 12\r\n"))
        Array("X-Spaced:  \t padded \t".utf8).withUnsafeBytes { headers.append(line: $0) }
        #expect(headers.first(name: "etag") == "\"a\"")
        #expect(headers.first(name: "CONTENT-LENGTH") == "12")
        #expect(headers.first(name: "content-len") == nil)
        #expect(headers.first(name: "x-spaced") == "padded")
        #expect(headers.first(name: "missing") == nil)
    }

    // MARK: - The two parsers

    static func parseWithOurs(_ pieces: [[UInt8]], isHEAD: Bool = false, closeAtEnd: Bool = false) throws -> Answer {
        var parser = StoreResponseParser()
        parser.expectAnswer(toHEAD: isHEAD)
        var answer = Answer(status: 0, headers: [], body: [], keepAlive: false)
        var ended = false
        for piece in pieces where !ended {
            var input = ByteBuffer(bytes: piece)
            while let event = try parser.next(&input) {
                switch event {
                case .head(let head):
                    answer.status = head.status
                    answer.keepAlive = head.keepAlive
                    answer.headers = Self.lines(head.headers)
                case .body(let body):
                    answer.body += Array(body.readableBytesView)
                case .end:
                    ended = true
                }
            }
        }
        if !ended && closeAtEnd && parser.inputClosed() { ended = true }
        guard ended else { throw StoreResponseError("no end") }
        return answer
    }

    static func parseWithNIO(_ pieces: [[UInt8]], isHEAD: Bool, closeAtEnd: Bool) throws -> Answer {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHTTPClientHandlers()
        try channel.writeOutbound(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: isHEAD ? .HEAD : .GET, uri: "/")))
        try channel.writeOutbound(HTTPClientRequestPart.end(nil))
        var answer = Answer(status: 0, headers: [], body: [], keepAlive: false)
        var ended = false
        func drain() throws {
            while let part = try channel.readInbound(as: HTTPClientResponsePart.self) {
                switch part {
                case .head(let head) where head.status.code >= 200:
                    answer.status = Int(head.status.code)
                    answer.keepAlive = head.isKeepAlive
                    // NIO keeps a value's trailing blanks; RFC 9110 (5.5) leaves them out of the value, as ours does.
                    answer.headers = head.headers.map { "\($0.name): \($0.value.trimmingCharacters(in: .whitespaces))" }
                case .head: break
                case .body(let body): answer.body += Array(body.readableBytesView)
                case .end: ended = true
                }
            }
        }
        for piece in pieces {
            try channel.writeInbound(ByteBuffer(bytes: piece))
            try drain()
        }
        if closeAtEnd && !ended {
            channel.pipeline.fireChannelInactive()
            try drain()
        }
        _ = try? channel.finish()
        guard ended else { throw StoreResponseError("no end") }
        return answer
    }

    /// The header lines as `Name: value`, in order.
    static func lines(_ headers: ResponseHeaders) -> [String] {
        headers.fields.map { "\($0.name): \($0.value)" }
    }

    // MARK: - Random answers

    static func randomAnswer(using generator: inout SystemRandomNumberGenerator) -> (bytes: [UInt8], isHEAD: Bool, closeDelimited: Bool) {
        let isHEAD = Int.random(in: 0..<6, using: &generator) == 0
        let status = [200, 200, 200, 206, 204, 304, 404, 403, 500, 503].randomElement(using: &generator)!
        let body = (0..<Int.random(in: 0...3000, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        var text = ""
        if Int.random(in: 0..<5, using: &generator) == 0 { text += "HTTP/1.1 100 Continue\r\n\r\n" }
        text += "HTTP/1.1 \(status) Some Reason\r\n"
        let names = ["ETag", "last-modified", "X-Amz-Request-Id", "Content-Type", "server", "Accept-Ranges", "x-amz-meta-é"]
        for _ in 0..<Int.random(in: 0...6, using: &generator) {
            let name = names.randomElement(using: &generator)!
            if name.utf8.contains(where: { $0 >= 0x80 }) { continue }
            let value = ["\"abc\"", "Wed, 25 Nov 2026 10:00:00 GMT", "application/json", "bytes", "v=1; x=2"].randomElement(using: &generator)!
            let space = ["", " ", "  ", "\t"].randomElement(using: &generator)!
            text += "\(name):\(space)\(value)\(["", " "].randomElement(using: &generator)!)\r\n"
        }
        var framed = Array(body)
        var closeDelimited = false
        let noBody = isHEAD || status == 204 || status == 304
        switch Int.random(in: 0..<3, using: &generator) {
        case 0:
            text += "Transfer-Encoding: chunked\r\n"
            framed = noBody ? [] : chunked(body, using: &generator)
        case 1 where !noBody:
            text += "Connection: close\r\n"
            closeDelimited = true
        default:
            text += "Content-Length: \(body.count)\r\n"
            if noBody { framed = [] }
        }
        if closeDelimited && noBody { framed = [] }
        text += "\r\n"
        return (Array(text.utf8) + framed, isHEAD, closeDelimited)
    }

    static func chunked(_ body: [UInt8], using generator: inout SystemRandomNumberGenerator) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < body.count {
            let size = min(body.count - index, Int.random(in: 1...700, using: &generator))
            let ext = Int.random(in: 0..<4, using: &generator) == 0 ? ";name=value" : ""
            out += Array((String(size, radix: 16, uppercase: Bool.random(using: &generator)) + ext + "\r\n").utf8)
            out += body[index..<(index + size)]
            out += Array("\r\n".utf8)
            index += size
        }
        out += Array("0\r\n".utf8)
        if Bool.random(using: &generator) { out += Array("X-Trailer: t\r\n".utf8) }
        out += Array("\r\n".utf8)
        return out
    }

    /// `bytes` in 1 to 6 pieces cut at random places (a piece may be a single byte).
    static func cut(_ bytes: [UInt8], using generator: inout SystemRandomNumberGenerator) -> [[UInt8]] {
        var cuts = (0..<Int.random(in: 0...5, using: &generator)).map { _ in Int.random(in: 0...bytes.count, using: &generator) }
        cuts = ([0] + cuts + [bytes.count]).sorted()
        return zip(cuts, cuts.dropFirst()).map { Array(bytes[$0..<$1]) }
    }
}
