// A projection without aggregates (`RETURN DISTINCT c.name`, `WITH p, x`), computed one input row at a
// time: a MATCH feeding it hands over each match as it is found, so the matches are never collected
// (each would be a row of its own) — only the projected rows are kept.

/// The projected rows of a non-aggregating projection, filled one input row at a time.
struct RowProjection<Source: Bindings> {
    private let evaluator: Evaluator
    /// The items' expressions, in column order (taken apart once: iterating the items would copy each).
    private let expressions: [Expression]
    private let distinct: Bool
    /// DISTINCT of items that read one element variable only (`RETURN DISTINCT c.name`): a row whose
    /// element was seen before projects to a row seen before, so it is skipped before its items are
    /// read and hashed.
    private let elementVariable: String?
    /// Whether each output row's source is kept (for an ORDER BY that reads the variables before).
    let keepsSources: Bool
    private var seenElements = ElementSet(initialCapacity: 4096)
    /// The projected rows so far (in `distinctRows` for DISTINCT), and (when kept) the input row
    /// each came from.
    private var rows: [[Value]] = []
    private var distinctRows = DistinctRows()
    private(set) var sources: [Source] = []
    /// The values of the row being projected: a row DISTINCT drops leaves its buffer for the next.
    private var values: [Value] = []

    /// The projected rows so far.
    var output: [[Value]] { distinct ? distinctRows.rows : rows }
    /// The rows SKIP and LIMIT keep of an unordered projection (`skip + limit`): once it has them, no
    /// later row can change the answer, and `add` stops the rows coming (nil: every row matters).
    var wanted: Int? = nil
    /// Whether the projection has every row its answer needs.
    var isFull: Bool { wanted.map { (distinct ? distinctRows.rows.count : rows.count) >= $0 } ?? false }

    init(expressions: [Expression], distinct: Bool, keepsSources: Bool, _ evaluator: Evaluator) {
        self.evaluator = evaluator
        self.expressions = expressions
        self.distinct = distinct
        self.keepsSources = keepsSources
        elementVariable = distinct ? Expression.soleVariable(of: expressions) : nil
    }

    /// Projects `row`, unless DISTINCT has seen its values.
    mutating func add(_ row: Source) throws(QueryError) {
        if let element = elementVariable.flatMap({ row.value(of: $0)?.elementKey }), !seenElements.insert(element) { return }
        while !values.isEmpty { values.removeLast() }
        for expression in expressions { values.append(try evaluator.evaluate(expression, row)) }
        if distinct {
            guard distinctRows.insert(values) else { return }
        } else {
            rows.append(values)
        }
        if keepsSources { sources.append(row) }
        try evaluator.budget.check(rows: distinct ? distinctRows.rows.count : rows.count)
        // `MATCH (n:Person) RETURN n LIMIT 25` reads 25 people, not every person.
        if isFull { throw QueryError(.cancelled, "LIMIT reached") }
    }
}
