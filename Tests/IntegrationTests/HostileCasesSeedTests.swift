import Foundation
import Testing

/// The hostile-HTTP cases are replayable: the same seed gives byte for byte the same cases, another seed others.
@Suite struct HostileCasesSeedTests {
    static func bytes(seed: UInt64) -> [[UInt8]] {
        var random = SeededRandom(seed: seed)
        let cases = HostileCases.all(using: &random) + HostileCases.mutations(count: 200, using: &random)
        return cases.map { hostile in hostile.pieces.flatMap(\.bytes) + [hostile.halfClose ? 1 : 0] }
    }

    @Test func theSameSeedGivesTheSameCasesAndAnotherSeedOthers() {
        let seed = UInt64.random(in: 0...UInt64.max)
        #expect(Self.bytes(seed: seed) == Self.bytes(seed: seed), "seed \(seed)")
        #expect(Self.bytes(seed: seed) != Self.bytes(seed: seed &+ 1), "seed \(seed)")
    }
}
