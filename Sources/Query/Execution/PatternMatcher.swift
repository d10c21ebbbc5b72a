// Matching the patterns of one MATCH clause against a graph view, row by row. Variables already bound
// in the row constrain the match; new ones are bound by it. Within one MATCH a relationship is used at
// most once (openCypher's relationship isomorphism), across all its pattern parts.
import Graph

/// Extends a row with every way a MATCH clause's patterns occur in the view.
struct PatternMatcher {
    let evaluator: Evaluator
    var view: GraphView { evaluator.view }
    var limits: QueryLimits { evaluator.budget.limits }
    var budget: Budget { evaluator.budget }

    /// Every extension of `row` that matches all of the plan's parts and passes its filters. Parts
    /// are matched depth first: a match of one part goes on to the next at once, so no part's matches
    /// are collected on their own.
    func matches(_ plan: MatchPlan, extending row: Row) throws(QueryError) -> [Row] {
        var found: [Row] = []
        try forEachMatch(plan, extending: row) { row throws(QueryError) in
            found.append(row)
            try budget.check(rows: found.count)
        }
        return found
    }

    /// Hands each extension of `row` that matches to `body` as it is found, keeping none.
    func forEachMatch(_ plan: MatchPlan, extending row: Row, _ body: (Row) throws(QueryError) -> Void) throws(QueryError) {
        for part in plan.parts { try check(part.pattern) }
        guard try evaluator.passes(plan.before, row) else { return }
        var used: [Relationship] = []
        try match(plan, 0, row, &used, body)
    }

    /// Matches part `index` and the ones after it.
    private func match(
        _ plan: MatchPlan, _ index: Int, _ row: Row, _ used: inout [Relationship], _ emit: (Row) throws(QueryError) -> Void
    ) throws(QueryError) {
        guard index < plan.parts.count else { return try emit(row) }
        let part = plan.parts[index]
        // The part is matched: bind its path, test what waited for it, go on with the next part.
        let filters = part.filters[part.filters.count - 1]
        func finish(_ row: Row, _ path: Path?, _ used: inout [Relationship]) throws(QueryError) {
            guard let name = part.pattern.variable else {
                if !filters.isEmpty { guard try evaluator.passes(filters, row) else { return } }
                return try match(plan, index + 1, row, &used, emit)
            }
            var row = row
            row.bind(name, to: path.map(Value.path) ?? .null)
            guard try evaluator.passes(filters, row) else { return }
            try match(plan, index + 1, row, &used, emit)
        }
        if part.pattern.shortest != .none {
            return try matchShortest(part.pattern, row, used, plan.hints) { row, relationships, path throws(QueryError) in
                var walked = relationships
                try finish(row, path, &walked)
            }
        }
        try forEachStart(of: part, plan.hints, row) { node, bound throws(QueryError) in
            // The path is only built when the pattern names it.
            let path = part.pattern.variable == nil ? nil : Path(nodes: [node], relationships: [])
            try extend(part, 0, from: node, bound, &used, path, finish)
        }
    }

    /// Each node a part may start from — its candidates (bound, by id, by label or all) that have its
    /// labels, pass its property map and the conjuncts tested on the start alone — with `row` extended
    /// by the start's variable.
    func forEachStart(
        of part: MatchPlan.Part, _ hints: IdHints, _ row: Row, _ body: (Node, Row) throws(QueryError) -> Void
    ) throws(QueryError) {
        let candidates = try candidates(part, row, hints)
        budget.profiler?.considered(candidates.count, startingAt: part.pattern.element.start.location)
        try budget.hold(candidates: candidates.count)
        defer { budget.release(candidates: candidates.count) }
        try forEachStart(of: part, among: candidates[...], row, body)
    }

    /// `forEachStart` over some of the part's candidates (a share of them, for another thread).
    private func forEachStart(
        of part: MatchPlan.Part, among candidates: ArraySlice<Node>, _ row: Row, _ body: (Node, Row) throws(QueryError) -> Void
    ) throws(QueryError) {
        let start = part.pattern.element.start
        let test = try propertyTest(start.properties, row)
        // The labels left to test: a label scan's own label holds for every node it gives.
        let labels = view.resolve(start.labels.filter { part.start != .label($0) })
        // One row for every candidate: each binds its variables in it, and the next takes them back.
        var bound = row
        let mark = bound.count
        for node in candidates {
            try budget.tick()
            guard try accepts(node, labels, test, row) else { continue }
            bound.truncate(to: mark)
            if let name = start.variable, part.start != .bound(name) { bound.bind(name, to: .node(node)) }
            guard try evaluator.passes(part.filters[0], bound) else { continue }
            try body(node, bound)
        }
    }

    private func extend(
        _ part: MatchPlan.Part, _ position: Int, from node: Node, _ row: Row, _ used: inout [Relationship], _ path: Path?,
        _ finish: (Row, Path?, inout [Relationship]) throws(QueryError) -> Void
    ) throws(QueryError) {
        let chain = part.pattern.element.chain
        guard position < chain.count else { return try finish(row, path, &used) }
        let step = chain[position]
        let pattern = step.relationship
        if let length = pattern.length {
            return try extendVariable(part, position, length, from: node, row, &used, path, finish)
        }
        let boundRelationship = pattern.variable.flatMap { row.value(of: $0) }
        let boundNode = step.node.variable.flatMap { row.value(of: $0) }
        let relationshipTest = try propertyTest(pattern.properties, row)
        let nodeTest = try propertyTest(step.node.properties, row)
        // What each candidate is tested for, worked out once per expansion rather than per candidate.
        let testsRelationship: Bool
        if case .none = relationshipTest { testsRelationship = false } else { testsRelationship = true }
        let testsNode: Bool
        if case .none = nodeTest { testsNode = !step.node.labels.isEmpty } else { testsNode = true }
        let labels = view.resolve(step.node.labels)
        let filters = part.filters[position + 1]
        let isLast = position + 1 == chain.count
        // The relationship is recorded as used for the steps and parts after it, if there are any.
        let recordsUse = !isLast || !part.isLast
        // One row for every candidate, as in `match`: each binds the relationship (if named) at
        // `mark` and the node just after, over what the candidate before bound there.
        var next = row
        let mark = next.count
        let bindsRelationship = pattern.variable != nil && boundRelationship == nil
        let nodeSlot = mark + (bindsRelationship ? 1 : 0)
        // A node map that reads the row must not see the node the candidate before bound.
        let nodeTestReadsRow: Bool
        if case .none = nodeTest { nodeTestReadsRow = false } else { nodeTestReadsRow = true }
        for (relationship, other) in try expansions(of: node, pattern, row) where !used.contains(relationship) {
            try budget.tick()
            if let boundRelationship {
                guard case .relationship(let same) = boundRelationship, same == relationship else { continue }
            }
            if let boundNode {
                guard case .node(let same) = boundNode, same == other else { continue }
            }
            if testsRelationship { guard try passes(relationshipTest, .relationship(relationship), row) else { continue } }
            if bindsRelationship { next.bind(pattern.variable!, to: .relationship(relationship), at: mark) }
            // The node's map may read the relationship just bound.
            if testsNode {
                if nodeTestReadsRow { next.truncate(to: nodeSlot) }
                guard try accepts(other, labels, nodeTest, next) else { continue }
            }
            if let name = step.node.variable, boundNode == nil { next.bind(name, to: .node(other), at: nodeSlot) }
            if !filters.isEmpty { guard try evaluator.passes(filters, next) else { continue } }
            let longer = path.map { Path(nodes: $0.nodes + [other], relationships: $0.relationships + [relationship]) }
            if recordsUse { used.append(relationship) }
            if isLast {
                try finish(next, longer, &used)
            } else {
                try extend(part, position + 1, from: other, next, &used, longer, finish)
            }
            if recordsUse { used.removeLast() }
        }
    }

    /// A variable-length step: every trail (no relationship twice) of an allowed length from `node`,
    /// binding the relationship variable to the list of relationships walked.
    private func extendVariable(
        _ part: MatchPlan.Part, _ position: Int, _ length: LengthRange, from node: Node, _ row: Row, _ used: inout [Relationship],
        _ path: Path?, _ finish: (Row, Path?, inout [Relationship]) throws(QueryError) -> Void
    ) throws(QueryError) {
        let step = part.pattern.element.chain[position]
        let pattern = step.relationship
        let minimum = length.minimum ?? 1
        let maximum = length.maximum ?? max(minimum, limits.defaultDepth)
        if let name = pattern.variable, let bound = row.value(of: name) {
            return try follow(bound, part, position, (minimum, length.maximum ?? .max), from: node, row, &used, path, finish)
        }
        let boundNode = step.node.variable.flatMap { row.value(of: $0) }
        // The trail walked so far is the end of `used`, from `depth` on.
        let depth = used.count
        var nodes: [Node] = []
        func arrive(at current: Node, _ used: inout [Relationship]) throws(QueryError) {
            let walked = used.count - depth
            if walked >= minimum {
                var accepted = true
                if let boundNode {
                    if case .node(let same) = boundNode { accepted = same == current } else { accepted = false }
                }
                if accepted, try accepts(current, step.node, row) {
                    var next = row
                    if let name = pattern.variable { next.bind(name, to: .list(used[depth...].map { .relationship($0) })) }
                    if let name = step.node.variable, boundNode == nil { next.bind(name, to: .node(current)) }
                    if try evaluator.passes(part.filters[position + 1], next) {
                        let longer = path.map { Path(nodes: $0.nodes + nodes, relationships: $0.relationships + used[depth...]) }
                        try extend(part, position + 1, from: current, next, &used, longer, finish)
                    }
                }
            }
            guard walked < maximum else { return }
            for (relationship, other) in try expansions(of: current, pattern, row) where !used.contains(relationship) {
                try budget.tick()
                guard try accepts(relationship, pattern, row) else { continue }
                used.append(relationship)
                nodes.append(other)
                try arrive(at: other, &used)
                nodes.removeLast()
                used.removeLast()
            }
        }
        try arrive(at: node, &used)
    }

    /// A variable-length step whose variable is bound already, to a list of relationships: the match
    /// follows exactly those, in order, from `node` (a part with such a step is never matched from its
    /// other end), if each leaves the node reached the way the pattern points and passes its tests.
    private func follow(
        _ bound: Value, _ part: MatchPlan.Part, _ position: Int, _ range: (minimum: Int, maximum: Int), from node: Node, _ row: Row,
        _ used: inout [Relationship], _ path: Path?, _ finish: (Row, Path?, inout [Relationship]) throws(QueryError) -> Void
    ) throws(QueryError) {
        let step = part.pattern.element.chain[position]
        guard case .list(let items) = bound, range.minimum...range.maximum ~= items.count else { return }
        var current = node
        var trail: [Relationship] = [], nodes: [Node] = []
        for item in items {
            guard case .relationship(let relationship) = item, !used.contains(relationship), !trail.contains(relationship),
                let next = other(end: relationship, from: current, step.relationship.direction),
                try accepts(relationship, step.relationship, row)
            else { return }
            trail.append(relationship)
            nodes.append(next)
            current = next
        }
        if let name = step.node.variable, let boundNode = row.value(of: name) {
            guard case .node(let same) = boundNode, same == current else { return }
        }
        guard try accepts(current, step.node, row) else { return }
        var next = row
        if let name = step.node.variable, row.value(of: name) == nil { next.bind(name, to: .node(current)) }
        guard try evaluator.passes(part.filters[position + 1], next) else { return }
        let longer = path.map { Path(nodes: $0.nodes + nodes, relationships: $0.relationships + trail) }
        used += trail
        defer { used.removeLast(trail.count) }
        try extend(part, position + 1, from: current, next, &used, longer, finish)
    }

    /// The node at the other end of `relationship` from `node`, when it leaves `node` the way `direction` says.
    private func other(end relationship: Relationship, from node: Node, _ direction: RelationshipPattern.Direction) -> Node? {
        let (start, end) = (view.start(of: relationship), view.end(of: relationship))
        switch direction {
        case .outgoing: return start == node ? end : nil
        case .incoming: return end == node ? start : nil
        case .either: return start == node ? end : end == node ? start : nil
        }
    }

    /// Rejects what the limits do not allow, by name and place.
    private func check(_ part: PatternPart) throws(QueryError) {
        for step in part.element.chain {
            guard let maximum = step.relationship.length?.maximum, maximum > limits.maximumDepth else { continue }
            throw QueryError(
                .limitExceeded, "a variable-length relationship may span at most \(limits.maximumDepth) hops, not \(maximum)",
                at: step.relationship.location)
        }
    }

    /// The nodes a part starts from, as its plan says.
    private func candidates(_ part: MatchPlan.Part, _ row: Row, _ hints: IdHints) throws(QueryError) -> [Node] {
        let pattern = part.pattern.element.start
        switch part.start {
        case .bound, .allNodes: return try candidates(for: pattern, in: row)
        case .ids(let name, _): return hints.candidates[name] ?? []
        case .label(let label):
            // `(p:Person {name: 'x'})`: the scan keeps only the nodes whose value is the string asked for.
            if let (key, value) = try fixedString(in: pattern, row) { return view.nodes(label: label, key: key, value: .string(value)) }
            // `WHERE p.name = 'x'` or `STARTS WITH 'x'`: the same, from the index of the kind's values.
            // The condition is still tested on every node given (it may be one of several).
            if let (key, value, isPrefix) = indexedString(in: part.filters[0], on: pattern.variable, row) {
                return isPrefix
                    ? view.nodes(label: label, key: key, prefix: value) : view.nodes(label: label, key: key, value: .string(value))
            }
            return view.nodes(label: label)
        }
    }

    /// The string of a condition `indexable` finds in `filters`, computed from what `row` binds.
    private func indexedString(
        in filters: [Expression], on variable: String?, _ row: Row
    ) -> (key: String, value: String, isPrefix: Bool)? {
        let computable = { (expression: Expression) in expression.freeVariables.allSatisfy { row.value(of: $0) != nil } }
        // An error is left to the condition itself, which raises it only where there is a node to test.
        guard let (key, expression, isPrefix) = Self.indexable(in: filters, on: variable, computable: computable),
            case .string(let value)? = try? evaluator.evaluate(expression, row)
        else { return nil }
        return (key, value, isPrefix)
    }

    /// A conjunct of `filters`, tested on the start node `variable`, that an index of string values
    /// may answer: `variable.key = e`, `e = variable.key` or `variable.key STARTS WITH e`, where `e` is
    /// `computable` before the node is bound and does not call rand() (it is computed once).
    static func indexable(
        in filters: [Expression], on variable: String?, computable: (Expression) -> Bool
    ) -> (key: String, value: Expression, isPrefix: Bool)? {
        guard let variable else { return nil }
        func key(_ expression: Expression) -> String? {
            guard case .property(let base, let key) = expression.kind, case .variable(variable) = base.kind else { return nil }
            return key
        }
        func usable(_ expression: Expression) -> Bool { !expression.callsRand && computable(expression) }
        for filter in filters {
            guard case .binary(let operation, let left, let right) = filter.kind else { continue }
            switch operation {
            case .startsWith:
                if let key = key(left), usable(right) { return (key, right, true) }
            case .equal:
                if let key = key(left), usable(right) { return (key, right, false) }
                if let key = key(right), usable(left) { return (key, left, false) }
            default: continue
            }
        }
        return nil
    }

    /// A `key: 'string'` entry of a node pattern's map (not `@id`) whose value needs only what `row`
    /// binds. Strings only: their equality is the property store's, where `1 = 1.0` in Cypher is not.
    private func fixedString(in pattern: NodePattern, _ row: Row) throws(QueryError) -> (String, String)? {
        guard case .map(let entries)? = pattern.properties?.kind else { return nil }
        for entry in entries where entry.key != ElementIdentity.key && entry.value.freeVariables.allSatisfy({ row.value(of: $0) != nil }) {
            if case .string(let value) = try evaluator.evaluate(entry.value, row) { return (entry.key, value) }
        }
        return nil
    }

    /// The nodes a node pattern can start from: the bound node, or those with its first label, or all.
    func candidates(for pattern: NodePattern, in row: Row) throws(QueryError) -> [Node] {
        if let name = pattern.variable, let bound = row.value(of: name) {
            switch bound {
            case .node(let node): return [node]
            case .null: return []
            default:
                throw QueryError(.typeError, "variable `\(name)` is bound to \(bound.typeName), not a node", at: pattern.location)
            }
        }
        if let identified = try identified(pattern, in: row) { return identified.map { [$0] } ?? [] }
        if let label = pattern.labels.first { return view.nodes(label: label) }
        return Array(view.nodes)
    }

    /// For a node pattern whose map gives its `@id` from what `row` binds: the node with that id
    /// (`.some(nil)` when no live node has it, or the id is not a string); nil when the map gives no id.
    func identified(_ pattern: NodePattern, in row: Row) throws(QueryError) -> Node?? {
        guard case .map(let entries)? = pattern.properties?.kind, let entry = entries.first(where: { $0.key == ElementIdentity.key }),
            entry.value.freeVariables.allSatisfy({ row.value(of: $0) != nil })
        else { return nil }
        guard case .string(let id) = try evaluator.evaluate(entry.value, row) else { return .some(nil) }
        return .some(view.node(id: id))
    }

    /// The nodes `step`'s part may start from in the row `row` (none when a condition on what came
    /// before fails), each still to be tested: for `forEachCount` and `forEachExpansion` to share out.
    func startCandidates(of step: AggregatedStep, extending row: Row) throws(QueryError) -> [Node] {
        try check(step.part.pattern)
        guard try evaluator.passes(step.before, row) else { return [] }
        let candidates = try candidates(step.part, row, step.hints)
        budget.profiler?.considered(candidates.count, startingAt: step.part.pattern.element.start.location)
        return candidates
    }

    /// Hands each start node among `candidates` of `counted`'s part that passes its tests, in the
    /// row extending `row`, to `body` with the number of rows its counted step would make: what
    /// `expansions` would list, counted in the adjacency lists, with the end node's labels tested.
    func forEachCount(
        _ counted: AggregatedStep, among candidates: ArraySlice<Node>, extending row: Row, _ body: (Row, Int) throws(QueryError) -> Void
    ) throws(QueryError) {
        let labels = view.resolve(counted.endLabels)
        let accept: ((Node) -> Bool)? = counted.endLabels.isEmpty ? nil : { [view] in view.has(labels, $0) }
        try forEachStart(of: counted.part, among: candidates, row) { node, bound throws(QueryError) in
            let times = try count(counted.relationship, from: node, accepting: accept)
            if times > 0 { try body(bound, times) }
        }
    }

    /// Hands each start node among `candidates` of `step`'s part that passes its tests, in the row
    /// extending `row`, to `body` with the relationships of its step (and the nodes at their other
    /// ends) that `expansions` lists and whose end has the labels asked for — none made into a row.
    func forEachExpansion(
        _ step: AggregatedStep, among candidates: ArraySlice<Node>, extending row: Row,
        _ body: (Row, [(Relationship, Node)]) throws(QueryError) -> Void
    ) throws(QueryError) {
        let labels = view.resolve(step.endLabels)
        try forEachStart(of: step.part, among: candidates, row) { node, bound throws(QueryError) in
            var found = try expansions(of: node, step.relationship, bound)
            if !step.endLabels.isEmpty { found.removeAll { !view.has(labels, $0.1) } }
            try budget.tick(found.count)
            if !found.isEmpty { try body(bound, found) }
        }
    }

    /// How many relationships the step `pattern` leaves `node` by, whatever their other ends.
    /// (With `accept`: only those whose other end it accepts.)
    func degree(of node: Node, _ pattern: RelationshipPattern, accepting accept: ((Node) -> Bool)? = nil) -> Int {
        var total = 0
        Self.forEachList(of: pattern) { type, outgoing, skippingLoops in
            total += view.countSteps(from: node, outgoing: outgoing, type: type, skippingLoops: skippingLoops, accepting: accept)
        }
        return total
    }

    /// How many rows the step `pattern` would make from `node`, counting those whose end `accept`s.
    private func count(_ pattern: RelationshipPattern, from node: Node, accepting accept: ((Node) -> Bool)?) throws(QueryError) -> Int {
        let total = degree(of: node, pattern, accepting: accept)
        try budget.tick(total)
        return total
    }

    /// The adjacency lists a step `pattern` reads, each with the type asked of it (nil: any), its
    /// direction, and whether to skip self-loops (read the other way already, for an undirected step).
    private static func forEachList(of pattern: RelationshipPattern, _ body: (String?, Bool, Bool) -> Void) {
        let types: [String?] = pattern.types.isEmpty ? [nil] : pattern.types
        for type in types {
            if pattern.direction != .incoming { body(type, true, false) }
            // A self-loop read both ways is still one match.
            if pattern.direction != .outgoing { body(type, false, pattern.direction == .either) }
        }
    }

    func expansions(of node: Node, _ pattern: RelationshipPattern, _ row: Row) throws(QueryError) -> [(Relationship, Node)] {
        var found: [(Relationship, Node)] = []
        Self.forEachList(of: pattern) { type, outgoing, skippingLoops in
            view.appendSteps(from: node, outgoing: outgoing, type: type, skippingLoops: skippingLoops, to: &found)
        }
        return found
    }

    /// A pattern's `{key: value}` map, made ready for many candidates: evaluated once when it reads
    /// only variables already bound (the usual case: literals and parameters), else per candidate.
    enum PropertyTest {
        case none
        case fixed([(key: String, value: Value)], at: SourceLocation)
        case perCandidate(Expression)
    }

    func propertyTest(_ properties: Expression?, _ row: Row) throws(QueryError) -> PropertyTest {
        guard let properties else { return .none }
        guard properties.freeVariables.allSatisfy({ row.value(of: $0) != nil }) else { return .perCandidate(properties) }
        return .fixed(try wanted(properties, row), at: properties.location)
    }

    func accepts(_ node: Node, _ pattern: NodePattern, _ row: Row) throws(QueryError) -> Bool {
        try accepts(node, pattern, try propertyTest(pattern.properties, row), row)
    }

    func accepts(_ node: Node, _ pattern: NodePattern, _ test: PropertyTest, _ row: Row) throws(QueryError) -> Bool {
        try accepts(node, view.resolve(pattern.labels), test, row)
    }

    /// `accepts` with the pattern's labels looked up beforehand.
    func accepts(_ node: Node, _ labels: ResolvedLabels, _ test: PropertyTest, _ row: Row) throws(QueryError) -> Bool {
        guard view.has(labels, node) else { return false }
        return try passes(test, .node(node), row)
    }

    func accepts(_ relationship: Relationship, _ pattern: RelationshipPattern, _ row: Row) throws(QueryError) -> Bool {
        try passes(try propertyTest(pattern.properties, row), .relationship(relationship), row)
    }

    /// Whether every `key: value` of the map equals the element's property (null never does); the key
    /// `id` is the element's id, as in CREATE and MERGE.
    func passes(_ test: PropertyTest, _ element: Value, _ row: Row) throws(QueryError) -> Bool {
        let entries: [(key: String, value: Value)]
        let location: SourceLocation
        switch test {
        case .none: return true
        case .fixed(let fixed, let at): (entries, location) = (fixed, at)
        case .perCandidate(let properties): (entries, location) = (try wanted(properties, row), properties.location)
        }
        for entry in entries {
            let actual: Value
            switch (entry.key, element) {
            case (ElementIdentity.key, .node(let node)): actual = .string(view.id(of: node))
            case (ElementIdentity.key, .relationship(let relationship)): actual = .string(view.id(of: relationship))
            default: actual = try evaluator.property(entry.key, of: element, at: location)
            }
            guard actual.equals(entry.value) == true else { return false }
        }
        return true
    }

    private func wanted(_ properties: Expression, _ row: Row) throws(QueryError) -> [(key: String, value: Value)] {
        guard case .map(let wanted) = try evaluator.evaluate(properties, row) else {
            throw QueryError(.typeError, "pattern properties must be a map", at: properties.location)
        }
        return wanted
    }
}
