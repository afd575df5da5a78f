import Testing
@Suite struct PlaceholderIntegrationTests { @Test func nothingYet() { #expect(Bool(true)) } }
