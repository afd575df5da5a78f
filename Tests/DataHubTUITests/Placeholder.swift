import Testing
@Suite struct PlaceholderTUITests { @Test func nothingYet() { #expect(Bool(true)) } }
