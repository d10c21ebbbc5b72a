// What the planner decides for one MATCH clause, and what the matcher follows: the order of its
// pattern parts, the end each part is matched from, where that end's nodes come from, and after
// which bound variable each WHERE conjunct is tested.
import Graph

/// How one MATCH clause runs.
struct MatchPlan {
    /// Where a part's first node comes from.
    enum Start: Equatable {
        /// A variable bound before (by an earlier clause or part).
        case bound(String)
        /// `id(v) = …` / `id(v) IN …` in the WHERE: the id index.
        case ids(String, count: Int)
        /// The label index, for the pattern's rarest label.
        case label(String)
        /// Every node.
        case allNodes

        /// Whether the part starts from a variable bound before it.
        var isBound: Bool {
            if case .bound = self { return true }
            return false
        }
    }

    /// One pattern part, as it will be matched.
    struct Part {
        /// The part, possibly written from its other end.
        var pattern: PatternPart
        /// Whether the planner reversed it (the same matches, found from the other end).
        var reversed: Bool
        var start: Start
        /// The planner's guess of the part's rows per incoming row.
        var estimatedRows: Double
        /// WHERE conjuncts to test at each stage: [0] once the start node is bound, [i] after step i,
        /// and the last after the whole part (with its path variable) is bound.
        var filters: [[Expression]]
        /// Whether the clause's match is complete when this part is: no later part needs to know
        /// which relationships it used.
        var isLast = false
    }

    var parts: [Part]
    /// WHERE conjuncts that read no variable of the patterns: tested once per incoming row, before matching.
    var before: [Expression]
    /// Nodes the WHERE's id conditions allow, by variable.
    var hints: IdHints
    /// The planner's guess of the clause's rows per incoming row.
    var estimatedRows: Double
}
