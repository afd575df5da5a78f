import Foundation
import Testing

@testable import DataHubService

@Suite struct StructuredFieldDictionaryTests {
    /// SHA-256 of `{}` as base64 (from Python's hashlib).
    static let emptyObjectSHA256 = "RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o="

    @Test func byteSequencesAreDecoded() throws {
        let dictionary = try #require(StructuredFieldDictionary(parsing: "sha-256=:\(Self.emptyObjectSHA256):"))
        guard case .bytes(let bytes) = dictionary["sha-256"] else {
            Issue.record("sha-256 is not a byte sequence")
            return
        }
        #expect(bytes.count == 32)
        #expect(Data(bytes).base64EncodedString() == Self.emptyObjectSHA256)
    }

    @Test func severalAlgorithmsParametersAndWhitespace() throws {
        let field = "sha-512=:AAAA:;p=1 ,  sha-256=:\(Self.emptyObjectSHA256):;q=\"x\";r, unixsum=?1,\tid-x=tok/en:1"
        let dictionary = try #require(StructuredFieldDictionary(parsing: field))
        #expect(dictionary["sha-512"] == .bytes([0, 0, 0]))
        #expect(dictionary["unixsum"] == .other)
        #expect(dictionary["id-x"] == .other)
        guard case .bytes(let bytes) = dictionary["sha-256"] else {
            Issue.record("sha-256 is not a byte sequence")
            return
        }
        #expect(bytes.count == 32)
    }

    @Test func integersInnerListsAndBareKeys() throws {
        let dictionary = try #require(StructuredFieldDictionary(parsing: "sha-256=1, sha-512=3, md5=0, list=(1 \"a\" tok);w=2, flag, dec=-1.25"))
        #expect(dictionary["sha-256"] == .integer(1))
        #expect(dictionary["sha-512"] == .integer(3))
        #expect(dictionary["md5"] == .integer(0))
        #expect(dictionary["list"] == .other)
        #expect(dictionary["flag"] == .other)
        #expect(dictionary["dec"] == .other)
    }

    @Test func theLastOfARepeatedKeyWins() throws {
        let dictionary = try #require(StructuredFieldDictionary(parsing: "a=1, a=2"))
        #expect(dictionary["a"] == .integer(2))
    }

    @Test func emptyFieldIsAnEmptyDictionary() throws {
        #expect(try #require(StructuredFieldDictionary(parsing: "")).members.isEmpty)
        #expect(try #require(StructuredFieldDictionary(parsing: "  ")).members.isEmpty)
    }

    @Test(arguments: [
        "sha-256=:not base64!:",  // a space and '!' are not base64
        "sha-256=:AAA:",  // base64 without its padding
        "sha-256=:AAAA",  // unterminated byte sequence
        "SHA-256=:AAAA:",  // keys are lower case
        "sha-256=:AAAA:,",  // trailing comma
        "sha-256=:AAAA: sha-512=:AAAA:",  // members need a comma
        "sha-256=",  // no value
        "sha-256=\"open",  // unterminated string
        "sha-256=1234567890123456",  // sixteen digits
        "sha-256=1.2345",  // four fraction digits
        "sha-256=(1 2",  // unterminated inner list
        "sha-256=:AAAA:;",  // empty parameter key
        "9abc=1",  // a key starts with a letter or '*'
        "sha-256=?2",  // booleans are ?0 or ?1
    ])
    func malformedFieldsAreRefused(_ field: String) {
        #expect(StructuredFieldDictionary(parsing: field) == nil, "\(field)")
    }
}
