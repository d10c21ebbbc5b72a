// Grouping rows as they arrive: each row's grouping key picks its group, and each aggregate of the
// projection folds the row's argument into that group's accumulator. Only the groups are kept, never
// the rows — so a MATCH feeding an aggregating RETURN or WITH streams its matches straight in, and a
// query that counts millions of paths holds a handful of groups.
import Graph

/// The groups of an aggregating projection, filled one row at a time.
struct Grouping {
    private let evaluator: Evaluator
    private let width: Int
    private let keyIndices: [Int]
    private let keyExpressions: [Expression]
    /// Per key expression, the property key it reads of a variable's node (`p.name`), looked up once;
    /// nil for any other expression, evaluated as written.
    private let keyProperties: [(variable: String, key: PropertyKey?, location: SourceLocation)?]
    /// The key values of the row being grouped, in storage kept from row to row.
    private var keyBuffer: [Value] = []
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
        /// Whether it needs its values at the end: min, max, collect, the percentiles.
        var needsValues: Bool { ![.count, .sum, .avg].contains(function) }
        /// Whether it keeps anything beyond its numbers: its values, or DISTINCT's values seen.
        var keepsValues: Bool { distinct || needsValues }
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
    /// Whether to remember end nodes' property values (`endValue`): where many start nodes' steps may
    /// end at the same nodes. Off for a few start nodes, whose reads cost less than a column by handle.
    var remembersEndValues = false
    /// Per call that reads a property of the step's end node: the values read so far, by node handle
    /// (empty until remembered).
    private var endValues: [[Value?]] = []
    /// The groups' keys, in the order their first row came.
    private var keys = DistinctRows()
    /// Per group and call, at `group * calls.count + call`: the numbers.
    private var accumulators: [GroupAccumulator] = []
    /// The same way, what a call keeps beyond its numbers; empty when no call keeps anything.
    private var kept: [GroupValues] = []
    /// Whether any call keeps values (`Call.keepsValues`).
    private let keepsValues: Bool

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
        keepsValues = calls.contains { $0.keepsValues }
        self.mixed = mixed
        width = items.count
        self.keyIndices = keyIndices
        self.keyExpressions = keyExpressions
        keyProperties = keyExpressions.map { expression in
            guard case .property(let base, let name) = expression.kind, case .variable(let variable) = base.kind else { return nil }
            return (variable, evaluator.propertyKey(name), expression.location)
        }
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
                    kept[group * calls.count + position].parameter = try evaluator.evaluate(parameter, stepRow)
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
                try fold(value, into: group, position)
            }
        }
    }

    /// Works out what each call reads of `step`'s steps.
    private mutating func prepareStepArguments(_ step: AggregatedStep) {
        stepArguments = calls.map { StepArgument($0, of: step, evaluator) }
        endValues = Array(repeating: [], count: calls.count)
    }

    /// `end.key` for the call at `position`, read once per end node: many steps end at one node (205,000
    /// relationships from people to 7,000 projects), and the value is a cache miss where a column of
    /// remembered values by handle is not.
    private mutating func endValue(_ position: Int, _ key: PropertyKey?, of end: Node, at: SourceLocation) throws(QueryError) -> Value {
        guard remembersEndValues else { return try evaluator.property(key, of: end, at: at) }
        if endValues[position].isEmpty { endValues[position] = Array(repeating: nil, count: evaluator.view.estimatedNodeCount) }
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
                kept[group * calls.count + position].parameter = try evaluator.evaluate(parameter, row)
            }
            let value =
                try calls[position].argument.map { argument throws(QueryError) in try evaluator.evaluate(argument, row) } ?? .boolean(true)
            if value.isNull { continue }
            try fold(value, into: group, position)
        }
    }

    /// Folds a non-null value of the call at `position` into `group`: seen before under DISTINCT, it
    /// is passed over; counted and added up; kept where the call needs its values.
    private mutating func fold(_ value: Value, into group: Int, _ position: Int) throws(QueryError) {
        let index = group * calls.count + position
        if calls[position].distinct && !kept[index].firstSight(of: value) { return }
        try accumulators[index].add(value, calls[position].function, at: calls[position].location)
        if calls[position].needsValues { kept[index].values.append(value) }
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
            accumulators[group * calls.count + position].count += times
        }
    }

    /// Adds `counts[call]` to each call's count in the group of the key `key` (its values in the
    /// key's order): rows counted elsewhere (a `MiddleJoin`'s pairs). Every aggregate is a count, and
    /// a count under DISTINCT was given distinct values only.
    mutating func add(key: [Value], counts: [Int]) throws(QueryError) {
        let group = try self.group(ofValues: key)
        for position in calls.indices { accumulators[group * calls.count + position].count += counts[position] }
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
        // The buffer's storage is taken by the key of a new group only: a known key allocates nothing.
        keyBuffer.removeAll(keepingCapacity: true)
        // By position: an expression copied out of the array is retained and released.
        for position in keyExpressions.indices {
            if let property = keyProperties[position], case .node(let node)? = row.value(of: property.variable) {
                keyBuffer.append(try evaluator.property(property.key, of: node, at: property.location))
            } else {
                keyBuffer.append(try evaluator.evaluate(keyExpressions[position], row))
            }
        }
        return try group(ofValues: keyBuffer)
    }

    /// The group of the key `values`, made (and counted against the row limit) when it is new.
    private mutating func group(ofValues values: [Value]) throws(QueryError) -> Int {
        let (group, isNew) = keys.position(inserting: values)
        if isNew {
            Self.appendGroup(for: calls, keepingValues: keepsValues, to: &accumulators, &kept)
            try evaluator.budget.check(rows: keys.rows.count)
        }
        return group
    }

    /// Appends a new group's state for each of `calls`: its numbers, and (`keepingValues`: when a call
    /// keeps any) its values.
    private static func appendGroup(
        for calls: [Call], keepingValues: Bool, to accumulators: inout [GroupAccumulator], _ kept: inout [GroupValues]
    ) {
        accumulators.append(contentsOf: repeatElement(GroupAccumulator(), count: calls.count))
        if keepingValues { kept += calls.map { GroupValues(distinct: $0.distinct) } }
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
        let width = calls.count
        for (position, key) in later.keys.rows.enumerated() {
            let (group, isNew) = keys.position(inserting: key)
            let theirs = position * width..<(position + 1) * width
            if isNew {
                accumulators += later.accumulators[theirs]
                if keepsValues { kept += later.kept[theirs] }
                try evaluator.budget.check(rows: keys.rows.count)
                continue
            }
            for call in calls.indices {
                try accumulators[group * width + call].merge(
                    later.accumulators[position * width + call], calls[call].function, at: calls[call].location)
                if keepsValues { kept[group * width + call].merge(later.kept[position * width + call]) }
            }
        }
    }

    /// One row of values per group, in the items' order. With no grouping key, no rows still make one
    /// group (count 0, collect []).
    func finish() throws(QueryError) -> [[Value]] {
        var keys = keys.rows, accumulators = accumulators, kept = kept
        if keys.isEmpty && keyIndices.isEmpty {
            keys = [[]]
            (accumulators, kept) = ([], [])
            Self.appendGroup(for: calls, keepingValues: keepsValues, to: &accumulators, &kept)
        }
        var rows: [[Value]] = []
        rows.reserveCapacity(keys.count)
        for (group, key) in keys.enumerated() {
            var columns = [Value](repeating: .null, count: width)
            for (position, index) in keyIndices.enumerated() { columns[index] = key[position] }
            // The calls' results, for the items that compute with them (none: no array per group).
            var results: [Value] = []
            if !mixed.isEmpty { results.reserveCapacity(calls.count) }
            for (position, call) in calls.enumerated() {
                let index = group * calls.count + position
                let result =
                    call.needsValues
                    ? try call.function.fold(kept[index].values, parameter: kept[index].parameter, at: call.location)
                    : accumulators[index].result(call.function)
                if let index = call.index { columns[index] = result }
                if !mixed.isEmpty { results.append(result) }
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
