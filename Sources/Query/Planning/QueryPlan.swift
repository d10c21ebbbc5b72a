// What a query will do, written out for people (`kennis query --explain`): one line per operation,
// indented under the clause it belongs to, with the planner's estimate of the rows where it makes one.
// The plan is the one the executor follows: both come from the same planner on the same view.

/// The plan of a query: its operations in the order they run.
public struct QueryPlan: Sendable, Equatable {
    /// One operation of the plan.
    public struct Step: Sendable, Equatable {
        /// How deep under its clause the operation sits (0 for a clause).
        public let depth: Int
        /// The operation: `Match`, `NodeById`, `NodeByLabelScan`, `Expand`, `Filter`, `Return`, ….
        public let operation: String
        /// What it works on, as Cypher text.
        public let detail: String
        /// The planner's guess of the rows it produces, where it makes one.
        public let estimatedRows: Double?
        /// PROFILE: the rows it handed on (a clause), or the nodes it considered (a pattern's start).
        public internal(set) var rows: Int?
        /// PROFILE: the time spent in the clause. A MATCH that feeds the RETURN or WITH after it hands
        /// it each match as found, so its time includes theirs for those rows; theirs is what is left
        /// (ordering, limits, the final values).
        public internal(set) var milliseconds: Double?
        /// The clause the operation is, to find what running it measured.
        var clause: ClauseAddress?
        /// The pattern part whose start the operation is (where its first node is written).
        var start: SourceLocation?

        public init(depth: Int, operation: String, detail: String, estimatedRows: Double? = nil) {
            self.depth = depth
            self.operation = operation
            self.detail = detail
            self.estimatedRows = estimatedRows
        }
    }

    /// The log position of the view the plan was made for.
    public let seq: UInt64
    public let steps: [Step]
    /// Whether the query ran and its steps carry what was measured (PROFILE).
    public let profiled: Bool

    init(seq: UInt64, steps: [Step], profiled: Bool = false) {
        self.seq = seq
        self.steps = steps
        self.profiled = profiled
    }

    /// The plan as aligned text, one operation per line.
    public var text: String {
        let labels = steps.map { String(repeating: "  ", count: $0.depth) + $0.operation }
        let width = labels.map(\.count).max() ?? 0
        var lines = [
            profiled
                ? "Profile at seq \(seq) (~ rows are the planner's estimates; = rows and ms were measured)"
                : "Plan at seq \(seq) (~ rows are the planner's estimates)"
        ]
        for (step, label) in zip(steps, labels) {
            var line = label.padding(to: width) + "  " + step.detail
            if let rows = step.estimatedRows { line += "  ~" + Self.format(rows) + (rows == 1 ? " row" : " rows") }
            if let rows = step.rows { line += "  =\(rows)" + (rows == 1 ? " row" : " rows") }
            if let milliseconds = step.milliseconds { line += "  " + String(Double(Int(milliseconds * 1000)) / 1000) + " ms" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// An estimate rounded for reading: whole numbers, three significant digits above a thousand.
    static func format(_ rows: Double) -> String {
        guard rows.isFinite else { return "many" }
        if rows < 1 { return rows == 0 ? "0" : "<1" }
        if rows < 1_000 { return String(Int(rows.rounded())) }
        var value = rows, unit = 0
        let units = ["", "k", "M", "G", "T", "P"]
        while value >= 1_000 && unit < units.count - 1 {
            value /= 1_000
            unit += 1
        }
        // Past the largest unit, in powers of ten: a cartesian product's estimate outgrows any integer.
        if value >= 1_000 {
            var exponent = 0
            while value >= 10 {
                value /= 10
                exponent += 1
            }
            return "10^\(exponent + 3 * unit)"
        }
        let rounded = value >= 100 ? String(Int(value.rounded())) : String(Double(Int(value * 10)) / 10)
        return rounded + units[unit]
    }
}

extension String {
    fileprivate func padding(to width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
