/// SplitMix64: small, fast, and the same sequence on every platform for a seed (unlike the
/// system generator), which is what makes the generator's output reproducible.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<n`.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }

    /// A uniform double in `[0, 1)`.
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// An index in `0..<n` skewed towards 0 (u³ scaling): a few items get most picks, giving
    /// heavy-tailed degrees (hub labs, prolific authors).
    mutating func skewed(_ n: Int) -> Int {
        let u = unit()
        return min(n - 1, Int(u * u * u * Double(n)))
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }
}
