import Testing

@testable import DataHubTUI

@Suite struct JSONPrettyPrinterTests {
    private func text(_ content: PreviewContent) -> [String] {
        guard case .json(let lines) = content else { return [] }
        return lines.map { $0.map(\.text).joined() }
    }

    @Test func prettyPrintsWithIndentationAndTokenColours() {
        let input = Array(#"{"city":"Cape Town","n":[1,2.5e3,true,null],"e":{},"a":[]}"#.utf8)
        let content = JSONPrettyPrinter().format(input, truncated: false, totalSize: Int64(input.count))
        #expect(
            text(content) == [
                "{", #"  "city": "Cape Town","#, #"  "n": ["#, "    1,", "    2.5e3,", "    true,", "    null", "  ],",
                #"  "e": {},"#, #"  "a": []"#, "}",
            ]
        )
        guard case .json(let lines) = content else {
            Issue.record("not json")
            return
        }
        let roles = lines[1].map(\.style.role)
        #expect(roles.contains(.jsonKey))
        #expect(roles.contains(.jsonString))
        #expect(lines[3].contains { $0.style.role == .jsonNumber })
        #expect(lines[5].contains { $0.style.role == .jsonLiteral })
    }

    @Test func aTruncatedPrefixIsShownAsFarAsItGoes() {
        let whole = #"{"name":"Zürich 東京","values":[1,2,3,4],"more":"#
        let head = ["{", #"  "name": "Zürich 東京","#, #"  "values": ["#, "    1,", "    2,", "    3,", "    4", "  ],"]
        // The whole output for each cut: every line up to the cut, the last one ending where the bytes end.
        let expected: [(cut: Int, lines: [String])] = [
            (whole.utf8.count, head + [#"  "more": "#]),
            (whole.utf8.count - 3, head + [#"  "mor"#]),
            (20, ["{", #"  "name": "Zürich 東"#]),
            (17, ["{", #"  "name": "Zürich "#]),
        ]
        for (cut, lines) in expected {
            let bytes = Array(whole.utf8.prefix(cut))
            let content = JSONPrettyPrinter().format(bytes, truncated: true, totalSize: 1_000_000)
            guard case .json = content else {
                Issue.record("cut at \(cut) not shown as JSON")
                continue
            }
            #expect(text(content) == lines, "cut at \(cut)")
        }
    }

    @Test func cutInsideAMultiByteCharacterIsStillJSON() {
        let bytes = Array(#"["東京"]"#.utf8.prefix(4))  // [" + two of the three bytes of 東
        #expect(JSONPrettyPrinter.dropIncompleteUTF8Tail(bytes[...]).count == 2)
        guard case .json = JSONPrettyPrinter().format(bytes, truncated: true, totalSize: 10) else {
            Issue.record("expected json")
            return
        }
    }

    @Test(arguments: [#"{"a":1"#, #"{"a" 1}"#, "[1,]", "hello", "", "01", "[1] 2", #"{"a":tru}"#, "{]"])
    func invalidOrIncompleteInputIsNotJSON(_ input: String) {
        let bytes = Array(input.utf8)
        #expect(JSONPrettyPrinter().format(bytes, truncated: false, totalSize: Int64(bytes.count)) == .notJSON(size: Int64(bytes.count)))
    }

    @Test func invalidUTF8IsNotJSON() {
        let bytes: [UInt8] = [0x22, 0xFF, 0xFE, 0x22]
        #expect(JSONPrettyPrinter().format(bytes, truncated: false, totalSize: 4) == .notJSON(size: 4))
        #expect(JSONPrettyPrinter().format(bytes, truncated: true, totalSize: 99) == .notJSON(size: 99))
        #expect(PreviewContent.notJSONText(4) == "not JSON, 4 bytes")
    }

    @Test func aSyntaxErrorBeforeTheCutIsNotJSONEvenWhenTruncated() {
        let bytes = Array(#"{"a":1,,"b":"#.utf8)
        #expect(JSONPrettyPrinter().format(bytes, truncated: true, totalSize: 500) == .notJSON(size: 500))
    }
}
