// Grouping rows as they arrive: each row's grouping key picks its group, and each aggregate of the
// projection folds the row's argument into that group's accumulator. Only the groups are kept, never
// the rows — so a MATCH feeding an aggregating RETURN or WITH streams its matches straight in, and a
// query that counts millions of paths holds a handful of groups.
import Graph

/// The groups of an aggregating projection, filled one row at a time.
struct Grouping {
    /// One aggregate's running state in one group.
    private struct Accumulator {
        var count = 0
        var values: [Value] = []
        /// A percentile's second argument, as the group's last row gave it.
        var parameter: Value?
        /// For DISTINCT: the values seen so far (nodes and relationships by handle, the cheap common case).
        var seen: DistinctRows?
        var seenElements = ElementSet()

        /// sum() and avg() as they go: the integers (checked for overflow), the floats, whether any was a
        /// float — so a group keeps three numbers, not every value.
        var integerSum: Int64 = 0
        var floatSum = 0.0
        var sawFloat = false

        init(distinct: Bool) { seen = distinct ? DistinctRows() : nil }

        /// Folds in a non-null value of `call`: a count only counts, sum() and avg() add it up, the
        /// others keep it for the end.
        mutating func add(_ value: Value, _ function: AggregateFunction, at location: SourceLocation) throws(QueryError) {
            if seen != nil {
                if let element = value.elementKey {
                    if !seenElements.insert(element) { return }
                } else if !seen!.insert([value]) {
                    return
                }
            }
            count += 1
            switch function {
            case .count: break
            case .sum, .avg:
                switch value {
                case .integer(let n):
                    let (total, overflow) = integerSum.addingReportingOverflow(n)
                    guard !overflow else {
                        throw QueryError(.arithmeticError, "integer overflow in \(function.rawValue)()", at: location)
                    }
                    integerSum = total
                case .float(let x):
                    floatSum += x
                    sawFloat = true
                default:
                    throw QueryError(
                        .typeError, "\(function.rawValue)() expects numbers, got \(withArticle(value.typeName))", at: location)
                }
            default: values.append(value)
            }
        }

        /// Takes in what `later` folded from rows that come after this one's (another thread's share):
        /// counts and sums add up, kept values follow these.
        mutating func merge(_ later: Accumulator, _ function: AggregateFunction, at location: SourceLocation) throws(QueryError) {
            count += later.count
            let (total, overflow) = integerSum.addingReportingOverflow(later.integerSum)
            guard !overflow else { throw QueryError(.arithmeticError, "integer overflow in \(function.rawValue)()", at: location) }
            integerSum = total
            floatSum += later.floatSum
            sawFloat = sawFloat || later.sawFloat
            values += later.values
            parameter = later.parameter ?? parameter
        }

        /// The aggregate of the group's values for `call`.
        func result(of call: Call) throws(QueryError) -> Value {
            switch call.function {
            case .count: return .integer(Int64(count))
            case .sum: return sawFloat ? .float(Double(integerSum) + floatSum) : .integer(integerSum)
            case .avg: return count == 0 ? .null : .float((Double(integerSum) + floatSum) / Double(count))
            default: return try call.function.fold(values, parameter: parameter, at: call.location)
            }
        }
    }

    private let evaluator: Evaluator
    private let width: Int
    private let keyIndices: [Int]
    private let keyExpressions: [Expression]
    /// The aggregate calls: a whole item's (`index`), or one inside an item that computes with it (nil).
    private let calls: [Call]
    /// One aggregate call. (A struct, not a tuple: a row copies each call it folds, and the compiler
    /// copies a struct in place where a tuple of this size goes through the runtime's generic copy.)
    struct Call {
        let index: Int?
        let function: AggregateFunction
        let distinct: Bool
        let argument: Expression?
        let parameter: Expression?
        let location: SourceLocation
    }
    /// The items that compute with aggregates, each with the positions of its calls among `calls`.
    private let mixed: [(index: Int, expression: AggregateExpression, calls: [Int])]
    /// When the key reads one variable only (`l.name`, `l`): the group of each node or relationship
    /// seen, so that a key is computed and hashed once per element rather than once per row.
    private let keyVariable: String?
    private var groupOfElement = ElementMap<Int32>(initialCapacity: 1024)
    /// Whether to remember the group of each element seen: off where every row has its own element
    /// (an `AggregatedStep` from one incoming row adds each start node once), which it would only slow.
    var remembersElements = true
    /// What each call reads of an `AggregatedStep`'s steps, resolved at its first start node.
    private var stepArguments: [StepArgument]?
    /// Per call that reads a property of the step's end node: the values read so far, by node handle.
    private var endValues: [[Value?]] = []
    /// The groups' keys, in the order their first row came.
    private var keys = DistinctRows()
    private var accumulators: [[Accumulator]] = []

    /// The grouping of a projection's items: the items that aggregate fold, the others are the key.
    init(_ items: [(name: String, expression: Expression, text: String)], _ evaluator: Evaluator) throws(QueryError) {
        let keyIndices = items.indices.filter { !AggregateFunction.occurs(in: items[$0].expression) }
        let keyExpressions = keyIndices.map { items[$0].expression }
        var calls: [Call] = []
        var mixed: [(index: Int, expression: AggregateExpression, calls: [Int])] = []
        for (index, item) in items.enumerated() where AggregateFunction.occurs(in: item.expression) {
            if let call = AggregateFunction.call(in: item.expression) {
                calls.append(
                    Call(
                        index: index, function: call.function, distinct: call.distinct, argument: call.argument,
                        parameter: call.parameter, location: item.expression.location))
                continue
            }
            let rewritten = try AggregateExpression(item.expression, keyExpressions: keyExpressions)
            var positions: [Int] = []
            for (_, inner) in rewritten.calls {
                guard let call = AggregateFunction.call(in: inner) else { continue }
                positions.append(calls.count)
                calls.append(
                    Call(
                        index: nil, function: call.function, distinct: call.distinct, argument: call.argument,
                        parameter: call.parameter, location: inner.location))
            }
            mixed.append((index, rewritten, positions))
        }
        self.evaluator = evaluator
        self.calls = calls
        self.mixed = mixed
        width = items.count
        self.keyIndices = keyIndices
        self.keyExpressions = keyExpressions
        keyVariable = Expression.soleVariable(of: keyExpressions)
    }

    /// Adds one row to its group.
    mutating func add(_ row: some Bindings) throws(QueryError) {
        try fold(row, into: try group(of: row))
    }

    /// Adds the rows the step of an `AggregatedStep` would make from `row`, one per relationship of
    /// `steps`, without making them: the group found once, each step folded in.
    mutating func add(_ row: Row, steps: [(Relationship, Node)], of step: AggregatedStep) throws(QueryError) {
        let group = try self.group(of: row)
        if stepArguments == nil { prepareStepArguments(step) }
        for (relationship, end) in steps {
            let stepRow = StepRow(
                start: row, relationshipVariable: step.relationship.variable, relationship: relationship, endVariable: step.endVariable,
                end: end)
            // By position, not `for call in calls`: a call copied out of the array is retained and released.
            for position in calls.indices {
                if let parameter = calls[position].parameter {
                    accumulators[group][position].parameter = try evaluator.evaluate(parameter, stepRow)
                }
                let value: Value
                switch stepArguments![position] {
                case .row: value = .boolean(true)
                case .relationship: value = .relationship(relationship)
                case .end: value = .node(end)
                case .relationshipProperty(let key, let at): value = try evaluator.property(key, of: relationship, at: at)
                case .endProperty(let key, let at): value = try endValue(position, key, of: end, at: at)
                case .other(let argument): value = try evaluator.evaluate(argument, stepRow)
                }
                if value.isNull { continue }
                try accumulators[group][position].add(value, calls[position].function, at: calls[position].location)
            }
        }
    }

    /// Works out what each call reads of `step`'s steps, and makes room to remember end nodes' values.
    private mutating func prepareStepArguments(_ step: AggregatedStep) {
        let arguments = calls.map { StepArgument($0, of: step, evaluator) }
        stepArguments = arguments
        endValues = arguments.map { argument in
            guard case .endProperty = argument else { return [] }
            return Array(repeating: nil, count: evaluator.view.estimatedNodeCount)
        }
    }

    /// `end.key` for the call at `position`, read once per end node: many steps end at one node (205,000
    /// relationships from people to 7,000 projects), and the value is a cache miss where a column of
    /// remembered values by handle is not.
    private mutating func endValue(_ position: Int, _ key: PropertyKey?, of end: Node, at: SourceLocation) throws(QueryError) -> Value {
        let handle = Int(end.handle)
        if handle < endValues[position].count, let known = endValues[position][handle] { return known }
        let value = try evaluator.property(key, of: end, at: at)
        if handle < endValues[position].count { endValues[position][handle] = value }
        return value
    }

    /// Folds `row`'s aggregate arguments into the accumulators of `group`.
    private mutating func fold(_ row: some Bindings, into group: Int) throws(QueryError) {
        // By position: a call copied out of the array is retained and released.
        for position in calls.indices {
            // count(*) counts rows; every other aggregate skips nulls.
            if let parameter = calls[position].parameter {
                accumulators[group][position].parameter = try evaluator.evaluate(parameter, row)
            }
            let value =
                try calls[position].argument.map { argument throws(QueryError) in try evaluator.evaluate(argument, row) } ?? .boolean(true)
            if value.isNull { continue }
            try accumulators[group][position].add(value, calls[position].function, at: calls[position].location)
        }
    }

    /// Adds `times` rows at once that differ from `row` only in the `counted` variables it leaves
    /// unbound — each non-null on every one of those rows (a step only counted, `AggregatedStep.countsOnly`). Every
    /// aggregate is a count without DISTINCT.
    mutating func add(_ row: Row, times: Int, counted: Set<String>) throws(QueryError) {
        let group = try self.group(of: row)
        for position in calls.indices {
            if let argument = calls[position].argument {
                if case .variable(let name) = argument.kind, counted.contains(name) {
                    // Bound on each of the rows, to a relationship or node: counted.
                } else if try evaluator.evaluate(argument, row).isNull {
                    continue
                }
            }
            accumulators[group][position].count += times
        }
    }

    /// The group of the row's key: known by its element when the key is one element variable, else
    /// by the key's values.
    private mutating func group(of row: some Bindings) throws(QueryError) -> Int {
        guard remembersElements else { return try group(ofKey: row) }
        let element = keyVariable.flatMap { row.value(of: $0)?.elementKey }
        if let element, let known = groupOfElement[element] { return Int(known) }
        let group = try self.group(ofKey: row)
        if let element { groupOfElement.insert(element, Int32(group)) }
        return group
    }

    /// The group of the row's key values, made when the key is new.
    private mutating func group(ofKey row: some Bindings) throws(QueryError) -> Int {
        var key: [Value] = []
        key.reserveCapacity(keyExpressions.count)
        for expression in keyExpressions { key.append(try evaluator.evaluate(expression, row)) }
        let (group, isNew) = keys.position(inserting: key)
        if isNew {
            accumulators.append(calls.map { Accumulator(distinct: $0.distinct) })
            try evaluator.budget.check(rows: accumulators.count)
        }
        return group
    }

    /// Whether groups filled from two shares of the rows can be merged into what one grouping of all
    /// of them gives: no DISTINCT (whose seen values are not kept for a merge) and no percentile.
    var isMergeable: Bool {
        calls.allSatisfy { call in
            !call.distinct && [.count, .sum, .avg, .min, .max, .collect].contains(call.function)
        }
    }

    /// Takes in the groups `later` made from rows that come after all of this grouping's (another
    /// thread's share of one MATCH): its new groups after these, in its order, so groups stand in the
    /// order their first row came, as one grouping of every row would have them.
    mutating func merge(_ later: Grouping) throws(QueryError) {
        for (position, key) in later.keys.rows.enumerated() {
            let (group, isNew) = keys.position(inserting: key)
            if isNew {
                accumulators.append(later.accumulators[position])
                try evaluator.budget.check(rows: accumulators.count)
                continue
            }
            for call in calls.indices {
                try accumulators[group][call].merge(later.accumulators[position][call], calls[call].function, at: calls[call].location)
            }
        }
    }

    /// One row of values per group, in the items' order. With no grouping key, no rows still make one
    /// group (count 0, collect []).
    func finish() throws(QueryError) -> [[Value]] {
        var keys = keys.rows, accumulators = accumulators
        if keys.isEmpty && keyIndices.isEmpty {
            keys = [[]]
            accumulators = [calls.map { Accumulator(distinct: $0.distinct) }]
        }
        var rows: [[Value]] = []
        rows.reserveCapacity(keys.count)
        for (key, states) in zip(keys, accumulators) {
            var columns = [Value](repeating: .null, count: width)
            for (position, index) in keyIndices.enumerated() { columns[index] = key[position] }
            var results: [Value] = []
            results.reserveCapacity(calls.count)
            for (call, state) in zip(calls, states) {
                let result = try state.result(of: call)
                if let index = call.index { columns[index] = result }
                results.append(result)
            }
            for item in mixed {
                columns[item.index] = try item.expression.value(key: key, aggregates: item.calls.map { results[$0] }, evaluator)
            }
            rows.append(columns)
        }
        return rows
    }
}

/// What an aggregate's argument reads of one step of an `AggregatedStep`, worked out once: the step's
/// relationship or end node, or one property of either (read by a key looked up once), rather than
/// an expression evaluated through a row on every step.
private enum StepArgument {
    /// `count(*)`: every row counts.
    case row
    case relationship
    case end
    case relationshipProperty(PropertyKey?, at: SourceLocation)
    case endProperty(PropertyKey?, at: SourceLocation)
    /// Anything else, evaluated on the step's row.
    case other(Expression)

    init(_ call: Grouping.Call, of step: AggregatedStep, _ evaluator: Evaluator) {
        guard let argument = call.argument else {
            self = .row
            return
        }
        let relationship = step.relationship.variable, end = step.endVariable
        switch argument.kind {
        case .variable(let name) where name == relationship: self = .relationship
        case .variable(let name) where name == end: self = .end
        case .property(let base, let key):
            guard case .variable(let name) = base.kind, name == relationship || name == end else {
                self = .other(argument)
                return
            }
            let resolved = evaluator.propertyKey(key)
            self = name == end ? .endProperty(resolved, at: argument.location) : .relationshipProperty(resolved, at: argument.location)
        default: self = .other(argument)
        }
    }
}
