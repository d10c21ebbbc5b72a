/// Makes random near-queries from example queries, for the tests that no input crashes a stage:
/// a few characters removed, inserted from a query-ish alphabet, or swapped. Seeded, so a failure
/// reproduces.
struct QueryMutator {
    private var state: UInt64
    private let seeds: [String]
    private let alphabet: [Unicode.Scalar]

    init(seeds: [String], alphabet: String, seed: UInt64) {
        self.seeds = seeds
        self.alphabet = Array(alphabet.unicodeScalars)
        state = seed
    }

    /// A number in 0..<n (a linear congruential step: fast, deterministic, good enough here).
    mutating func random(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int(state >> 33) % n
    }

    /// One of the seeds with 1 to `maximumEdits` random edits.
    mutating func next(maximumEdits: Int) -> String {
        var scalars = Array(seeds[random(seeds.count)].unicodeScalars)
        for _ in 0..<(1 + random(maximumEdits)) {
            let at = random(scalars.count)
            switch random(3) {
            case 0: scalars.remove(at: at)
            case 1: scalars.insert(alphabet[random(alphabet.count)], at: at)
            default: scalars.swapAt(at, random(scalars.count))
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }
}
