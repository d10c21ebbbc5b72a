// A one-line progress bar on stderr, drawn only when stderr is a terminal and the work is large
// enough to be worth watching; otherwise every call is a no-op. Safe to update from any thread (an
// import reports progress from its reading thread).
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Draws `label [=====>     ] 42%` on stderr, redrawn at most ten times a second.
final class ProgressBar: Sendable {
    private struct State {
        var label: String
        var total: Int
        var lastDraw: Double = 0
        var drawn = false
    }

    private let enabled: Bool
    private let state: Mutex<State>

    /// A bar for `total` units of work; silent unless stderr is a terminal and `total >= threshold`.
    init(_ label: String, total: Int, threshold: Int = 8 << 20) {
        enabled = Terminal.standardError.isInteractive && total >= threshold
        state = Mutex(State(label: label, total: max(total, 1)))
    }

    /// Shows `done` of the total, under a new label and total if given.
    func update(_ done: Int, label: String? = nil, total: Int? = nil) {
        guard enabled else { return }
        state.withLock { state in
            if let label { state.label = label }
            if let total { state.total = max(total, 1) }
            let now = monotonicSeconds()
            guard now - state.lastDraw >= 0.1 || done >= state.total else { return }
            state.lastDraw = now
            let fraction = min(1, Double(done) / Double(state.total))
            let width = 30
            let filled = Int(fraction * Double(width))
            let bar =
                String(repeating: "=", count: filled) + (filled < width ? ">" : "")
                + String(repeating: " ", count: max(0, width - filled - 1))
            Terminal.standardError.write("\r\(state.label) [\(bar)] \(Int(fraction * 100))%")
            state.drawn = true
        }
    }

    /// Clears the bar's line.
    func finish() {
        state.withLock { state in
            guard state.drawn else { return }
            Terminal.standardError.write("\r\u{1B}[2K")
            state.drawn = false
        }
    }
}

func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
