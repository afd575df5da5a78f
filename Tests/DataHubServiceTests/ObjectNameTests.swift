import DataHubService
import DataHubStorage
import Foundation
import Testing

@Suite struct ObjectNameTests {
    @Test(arguments: [
        "a", "data_20261125_101502_123456_k3f9.json", "reports/2026/data.json", "a/b/c/d", "é/漢字/😀.json",
        "with space/and-dash_und.erscore", "...", ".hidden", "a/.datahub/b", ".datahubx", "x/.datahub",
        String(repeating: "a", count: 255),
    ])
    func acceptsValidKeys(_ key: String) throws {
        try ObjectName.validateKey(key)
    }

    @Test func keyOfExactly1024BytesIsAcceptedAnd1025IsNot() throws {
        let segment = String(repeating: "a", count: 255)
        let key = [segment, segment, segment, String(segment.dropLast()), "z"].joined(separator: "/")
        #expect(key.utf8.count == 1024)
        try ObjectName.validateKey(key)
        #expect(throws: ObjectNameError.self) { try ObjectName.validateKey(key + "z") }
        let multiByte = String(repeating: "é", count: 127) + "/" + String(repeating: "é", count: 127)
        try ObjectName.validateKey(multiByte)  // 254 bytes per segment
    }

    @Test(arguments: [
        ("", "invalid name: the name is empty"),
        ("a//b", "invalid name: empty segment in 'a//b'"),
        ("/a", "invalid name: '/a' starts with '/'"),
        ("a/", "invalid name: 'a/' ends with '/'"),
        ("/", "invalid name: '/' starts with '/'"),
        (".", "invalid name: '.' segment in '.'"),
        ("a/../b", "invalid name: '..' segment in 'a/../b'"),
        ("a/./b", "invalid name: '.' segment in 'a/./b'"),
        ("..", "invalid name: '..' segment in '..'"),
        ("a\nb", "invalid name: control character U+000A in 'a\\u{A}b'"),
        ("a\u{0}", "invalid name: control character U+0000 in 'a\\u{0}'"),
        ("del\u{7F}", "invalid name: control character U+007F in 'del\\u{7F}'"),
        ("c1\u{85}x", "invalid name: control character U+0085 in 'c1\\u{85}x'"),
        ("\u{9F}", "invalid name: control character U+009F in '\\u{9F}'"),
        (".datahub", "invalid name: '.datahub' is under '.datahub/', which is reserved for DataHub"),
        (".datahub/idempotency/x", "invalid name: '.datahub/idempotency/x' is under '.datahub/', which is reserved for DataHub"),
    ])
    func rejectsInvalidKeys(_ key: String, _ message: String) {
        #expect(throws: ObjectNameError(message: message)) { try ObjectName.validateKey(key) }
    }

    @Test func rejectsLongSegmentsAndKeys() {
        let long = String(repeating: "s", count: 256)
        #expect(throws: ObjectNameError.self) { try ObjectName.validateKey("a/" + long) }
        #expect(throws: ObjectNameError.self) { try ObjectName.validateKey(String(repeating: "é", count: 128)) }  // 256 bytes
        do {
            try ObjectName.validateKey(String(repeating: "ab/", count: 400) + "c")
            Issue.record("a 1201-byte key was accepted")
        } catch {
            #expect(error.message.hasPrefix("invalid name: 'ab/ab/"))
            #expect(error.message.hasSuffix("is 1201 bytes long; the limit is 1024"))
            #expect(error.message.contains("…"))
        }
    }

    @Test func normalizesPrefixes() throws {
        #expect(try ObjectName.normalizePrefix("") == "")
        #expect(try ObjectName.normalizePrefix("a/b") == "a/b/")
        #expect(try ObjectName.normalizePrefix("a/b/") == "a/b/")
        #expect(try ObjectName.normalizePrefix("reports") == "reports/")
        for bad in ["/", "//", "a//", "/a", "a//b", "..", "a/../", ".datahub", ".datahub/", ".datahub/x", "a\u{1}"] {
            #expect(throws: ObjectNameError.self, "prefix \(bad)") { try ObjectName.normalizePrefix(bad) }
        }
        #expect(throws: ObjectNameError.self) { try ObjectName.normalizePrefix(String(repeating: "p/", count: 511) + "pp") }
    }

    @Test func decodesPathKeysOnce() throws {
        #expect(try ObjectName.decodePathKey("reports/2026/data.json") == "reports/2026/data.json")
        #expect(try ObjectName.decodePathKey("a%2Fb") == "a/b")
        #expect(try ObjectName.decodePathKey("a%2fb%20c") == "a/b c")
        #expect(try ObjectName.decodePathKey("%C3%A9t%C3%A9") == "été")
        #expect(try ObjectName.decodePathKey("100%25") == "100%")
        #expect(try ObjectName.decodePathKey("a%252F") == "a%2F")  // decoded once, not twice
        #expect(try ObjectName.decodePathKey("a+b") == "a+b")
        for bad in ["a%", "a%2", "a%zz", "%G0", "a%C3", "%FF", "%C0%80", "a%2F%2Fb", "%2Fa", "a/%2E%2E/b", "a%00", ".datahub%2Fx", ""] {
            #expect(throws: ObjectNameError.self, "path \(bad)") { try ObjectName.decodePathKey(bad) }
        }
        #expect(throws: ObjectNameError(message: "invalid name: malformed percent-escape at byte 1 of 'a%zz'")) {
            try ObjectName.decodePathKey("a%zz")
        }
    }

    @Test func generatesTimeOrderedNamesInUTC() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let cases: [(DateComponents, Int, String)] = [
            (DateComponents(year: 2026, month: 11, day: 25, hour: 10, minute: 15, second: 2), 123_456, "20261125_101502_123456"),
            (DateComponents(year: 1970, month: 1, day: 1, hour: 0, minute: 0, second: 0), 0, "19700101_000000_000000"),
            (DateComponents(year: 2000, month: 2, day: 29, hour: 23, minute: 59, second: 59), 999_999, "20000229_235959_999999"),
            (DateComponents(year: 2100, month: 3, day: 1, hour: 7, minute: 8, second: 9), 1, "21000301_070809_000001"),
        ]
        var random = SeededGenerator(seed: 7)
        for (components, micros, expected) in cases {
            let whole = try #require(calendar.date(from: components))
            let date = Date(timeIntervalSince1970: whole.timeIntervalSince1970 + Double(micros) / 1_000_000)
            let name = ObjectName.generate(prefix: "reports/2026/", date: date, random: &random)
            #expect(name.hasPrefix("reports/2026/data_\(expected)_"), "\(name)")
            #expect(name.hasSuffix(".json"))
            let suffix = name.dropFirst("reports/2026/data_\(expected)_".count).dropLast(".json".count)
            #expect(suffix.count == ObjectName.randomLength)
            #expect(suffix.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
            try ObjectName.validateKey(name)
        }
    }

    @Test func seededNamesRepeatAndSystemNamesDiffer() {
        let date = Date(timeIntervalSince1970: 1_764_065_702.5)
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        let a = (0..<5).map { _ in ObjectName.generate(prefix: "", date: date, random: &first) }
        let b = (0..<5).map { _ in ObjectName.generate(prefix: "", date: date, random: &second) }
        #expect(a == b)
        #expect(Set(a).count == 5, "the generator must advance between names")
        let many = Set((0..<10_000).map { _ in ObjectName.generate(prefix: "", date: date) })
        #expect(many.count == 10_000)
        let later = ObjectName.generate(prefix: "", date: date.addingTimeInterval(0.000_001))
        #expect(later.prefix(28) > a[0].prefix(28), "names must sort by time: \(later) vs \(a[0])")
    }

    @Test func randomPartsUseTheWholeAlphabetAtEveryPosition() {
        // One draw makes the whole random part: every position must still take every character.
        let date = Date(timeIntervalSince1970: 1_764_065_702.5)
        var random = SeededGenerator(seed: 3)
        var seen = Array(repeating: Set<Character>(), count: ObjectName.randomLength)
        for _ in 0..<5_000 {
            let name = ObjectName.generate(prefix: "", date: date, random: &random)
            let suffix = Array(name.dropFirst("data_20251125_101502_500000_".count).dropLast(".json".count))
            for (position, character) in suffix.enumerated() { seen[position].insert(character) }
        }
        #expect(seen.allSatisfy { $0.count == 36 }, "\(seen.map(\.count))")
    }
}
