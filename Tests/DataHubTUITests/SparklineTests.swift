import Foundation
import Testing

@testable import DataHubTUI

@Suite struct SparklineTests {
    @Test func levelsScaleToTheLargestValueShown() {
        let line = Sparkline(glyphs: .unicode).text([0, 1, 4, 7, 14][...], width: 5)
        #expect(line == "▁▂▃▅█")
    }

    @Test func aFixedScaleKeepsSmallValuesLow() {
        let line = Sparkline(glyphs: .unicode).text([0, 1, 50, 100, 300][...], width: 5, scaleMax: 100)
        #expect(line == "▁▂▅██")
    }

    @Test func olderSecondsNotSeenYetAreBlankAndTheNewestAreKept() {
        let spark = Sparkline(glyphs: .unicode)
        #expect(spark.text([5][...], width: 4) == "   █")
        #expect(spark.text([1, 2, 3, 4, 8][...], width: 2) == "▅█")
        #expect(spark.text([][...], width: 3) == "   ")
        #expect(spark.text([1][...], width: 0) == "")
    }

    @Test func missingSecondsUseTheirMarker() {
        let spark = Sparkline(glyphs: .unicode)
        #expect(spark.text([3, nil, 3][...], width: 3, missing: Sparkline.outage) == "█!█")
        #expect(spark.text([3, nil, 3][...], width: 3) == "█ █")
    }

    @Test func asciiFallbackUsesOnlyASCII() {
        let line = Sparkline(glyphs: .ascii).text([0, 1, 2, 3, 4, 5, 6, 7][...], width: 8)
        #expect(line == "_.,:-=+#")
        #expect(line.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func theLocaleDecidesTheGlyphs() {
        #expect(GlyphSet.from(environment: ["LANG": "en_US.UTF-8"]) == .unicode)
        #expect(GlyphSet.from(environment: ["LC_ALL": "C.utf8", "LANG": "C"]) == .unicode)
        #expect(GlyphSet.from(environment: ["LC_ALL": "C", "LANG": "en_US.UTF-8"]) == .ascii)
        #expect(GlyphSet.from(environment: ["LC_ALL": "", "LC_CTYPE": "C.UTF-8"]) == .unicode)
        #expect(GlyphSet.from(environment: [:]) == .ascii)
        #expect(GlyphSet.from(environment: ["LANG": "POSIX"]) == .ascii)
    }
}
