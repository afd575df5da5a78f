import Testing

@testable import DataHubTUI

/// `NO_COLOR` as no-color.org defines it.
@Suite struct ColorModeTests {
    @Test func setAndNonEmptyTurnsColoursOff() {
        #expect(ColorMode.from(environment: [:]) == .colour)
        #expect(ColorMode.from(environment: ["NO_COLOR": ""]) == .colour)
        #expect(ColorMode.from(environment: ["NO_COLOR": "1"]) == .monochrome)
        #expect(ColorMode.from(environment: ["NO_COLOR": "no"]) == .monochrome)
    }

    @Test func withoutColourStatesStandOutByWeight() {
        #expect(ColorMode.monochrome.addsBold(.down))
        #expect(ColorMode.monochrome.addsBold(.error))
        #expect(!ColorMode.monochrome.addsBold(.normal))
        #expect(!ColorMode.colour.addsBold(.down))
    }
}
