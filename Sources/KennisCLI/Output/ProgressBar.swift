// A one-line progress bar on stderr, drawn only when stderr is a terminal and the work is large
// enough to be worth watching; otherwise every call is a no-op.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws `label [=====>     ] 42%` on stderr, redrawn at most ten times a second.
final class ProgressBar {
    private let label: String
    private let total: Int
    private let enabled: Bool
    private var lastDraw: Double = 0
    private var drawn = false

    /// A bar for `total` units of work; silent unless stderr is a terminal and `total >= threshold`.
    init(_ label: String, total: Int, threshold: Int = 8 << 20) {
        self.label = label
        self.total = max(total, 1)
        self.enabled = Terminal.standardError.isInteractive && total >= threshold
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let now = monotonicSeconds()
        guard now - lastDraw >= 0.1 || done >= total else { return }
        lastDraw = now
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar =
            String(repeating: "=", count: filled) + (filled < width ? ">" : "") + String(repeating: " ", count: max(0, width - filled - 1))
        Terminal.standardError.write("\r\(label) [\(bar)] \(Int(fraction * 100))%")
        drawn = true
    }

    /// Clears the bar's line.
    func finish() {
        guard drawn else { return }
        Terminal.standardError.write("\r\u{1B}[2K")
        drawn = false
    }
}

func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
