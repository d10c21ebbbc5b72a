// Running a `MiddleJoin`: for each middle node, each arm is walked into a list of its matches (the
// relationships it used, its side of each crossing, the number of its part of the key); the pairs of
// one match of each arm that share no relationship and pass every crossing are the chain's matches,
// counted into their groups.
import Graph

extension Executor {
    /// Counts the matches of `join` extending each of `rows` into `grouping`; the matches counted. The
    /// middle nodes of one incoming row (a whole kind: thousands, each its own piece of work) are
    /// shared with a second thread, whose groups are added to these after.
    func count(_ join: MiddleJoin, from rows: [Row], into grouping: inout Grouping, _ matcher: PatternMatcher) throws(QueryError) -> Int {
        var pairs = JoinedPairs(join, evaluator, incomingRows: rows.count)
        for row in rows {
            try evaluator.budget.tick()
            guard try evaluator.passes(join.before, row) else { continue }
            let candidates = join.middleLabel.map { evaluator.view.nodes(label: $0) } ?? Array(evaluator.view.nodes)
            evaluator.budget.profiler?.considered(candidates.count, startingAt: join.middle.location)
            try evaluator.budget.hold(candidates: candidates.count)
            defer { evaluator.budget.release(candidates: candidates.count) }
            if sharesWork, rows.count == 1, candidates.count >= 256 {
                try countShared(join, candidates, row, into: &pairs)
            } else {
                try pairs.count(candidates[...], row, matcher)
            }
        }
        try pairs.finish(into: &grouping)
        return pairs.taken
    }

    /// Where the work of `candidates` is halved: a middle node's pairs are about the product of its
    /// arms' first steps (a project's workers squared), and middle nodes differ by thousands of times —
    /// halving their number would leave one thread with most of the work.
    private static func half(of candidates: [Node], _ join: MiddleJoin, _ matcher: PatternMatcher) -> Int {
        let weights = candidates.map { node in
            join.arms.reduce(1) { $0 * (1 + matcher.degree(of: node, $1.steps[0].relationship)) }
        }
        let total = weights.reduce(0, +)
        var sum = 0
        for (index, weight) in weights.enumerated() {
            sum += weight
            if sum * 2 >= total { return index + 1 }
        }
        return candidates.count
    }

    /// The candidates' first half counted into `pairs` here, the second on another thread into pairs
    /// of its own that are added after. An error of the first half is the one a single thread meets first.
    private func countShared(_ join: MiddleJoin, _ candidates: [Node], _ row: Row, into pairs: inout JoinedPairs) throws(QueryError) {
        let half = Self.half(of: candidates, join, PatternMatcher(evaluator: evaluator))
        let helper = evaluator.onAnotherThread()
        let handed = HandedOver(
            value: (JoinedPairs(join, helper, incomingRows: 1), candidates[half...], row, PatternMatcher(evaluator: helper)))
        var mine: Result<Void, QueryError> = .success(())
        let other = SecondThread.run({ () -> HandedOver<Result<JoinedPairs, QueryError>> in
            var (pairs, share, row, matcher) = handed.value
            do throws(QueryError) {
                try pairs.count(share, row, matcher)
                return HandedOver(value: .success(pairs))
            } catch {
                return HandedOver(value: .failure(error))
            }
        }) {
            do throws(QueryError) {
                try pairs.count(candidates[..<half], row, PatternMatcher(evaluator: evaluator))
            } catch {
                mine = .failure(error)
            }
        }
        try mine.get()
        try pairs.add(try other.value.get())
    }
}

/// The state of a `MiddleJoin` while it runs: the current middle node's arm matches, and the groups.
private struct JoinedPairs {
    let join: MiddleJoin
    let evaluator: Evaluator
    /// Each crossing's operator, and whether its left operand is arm 0's (apart from the crossings,
    /// whose expressions a pair would copy and release).
    let operations: [BinaryOperator]
    let startFirst: [Bool]
    /// Per arm and step, the labels its node must have, looked up once for the query.
    let armLabels: [[ResolvedLabels]]
    /// The current middle node's matches of each arm.
    var matches: [ArmMatches]
    /// Each arm's parts of the key seen so far, numbered in order.
    var keys = [DistinctRows(), DistinctRows()]
    /// The group of each pair of key numbers (arm 0's in the high half).
    var groupOf: [UInt64: Int32] = [:]
    /// Per group: its key numbers, its pairs, its distinct middle nodes and the last one counted.
    var groupKeys: [(Int32, Int32)] = []
    var rowCounts: [Int] = []
    var middleCounts: [Int] = []
    var lastMiddle: [Int] = []
    /// Middle nodes walked so far (the current one's number), the current one, and matches counted.
    var middles = 0
    var middle: Node?
    var taken = 0
    /// With more than one incoming row a middle node comes round again: the pairs of a group and a
    /// middle node counted under DISTINCT, to count each once.
    var seen: Set<UInt64>?

    init(_ join: MiddleJoin, _ evaluator: Evaluator, incomingRows: Int) {
        self.join = join
        operations = join.crossings.map(\.operation)
        armLabels = join.arms.map { arm in arm.steps.map { evaluator.view.resolve($0.node.labels) } }
        startFirst = join.crossings.map(\.startFirst)
        self.evaluator = evaluator
        matches = join.arms.map { ArmMatches(steps: $0.steps.count, sides: $0.sides.count) }
        if incomingRows > 1 && join.countsDistinctMiddle.contains(true) { seen = [] }
    }

    /// Walks and pairs the arms of each of `candidates` that is a middle node in `row`.
    mutating func count(_ candidates: ArraySlice<Node>, _ row: Row, _ matcher: PatternMatcher) throws(QueryError) {
        let labels = evaluator.view.resolve(join.middle.labels)
        var bound = row
        let mark = bound.count
        for node in candidates {
            try evaluator.budget.tick()
            guard evaluator.view.has(labels, node) else { continue }
            bound.truncate(to: mark)
            if let name = join.middle.variable { bound.bind(name, to: .node(node)) }
            guard try evaluator.passes(join.middleConditions, bound) else { continue }
            try collect(from: node, bound, matcher)
            try pair()
        }
    }

    /// Adds the groups `other` counted from other middle nodes (so its distinct middle nodes add up).
    mutating func add(_ other: JoinedPairs) throws(QueryError) {
        taken += other.taken
        for (theirs, (first, second)) in other.groupKeys.enumerated() {
            let numbers = (
                keys[0].position(inserting: other.keys[0].rows[Int(first)]).row,
                keys[1].position(inserting: other.keys[1].rows[Int(second)]).row
            )
            let group = Int(try self.group(Int32(numbers.0), Int32(numbers.1)))
            rowCounts[group] += other.rowCounts[theirs]
            middleCounts[group] += other.middleCounts[theirs]
        }
    }

    /// Walks both arms from the middle node `node`, bound in `row`, into `matches`.
    private mutating func collect(from node: Node, _ row: Row, _ matcher: PatternMatcher) throws(QueryError) {
        middles += 1
        middle = node
        for arm in join.arms.indices {
            matches[arm].removeAll()
            var used: [Relationship] = []
            try walk(arm, 0, from: node, row, armLabels[arm], &used, matcher)
        }
    }

    /// Extends the arm's walk at `position` from `node`, recording each whole walk.
    private mutating func walk(
        _ arm: Int, _ position: Int, from node: Node, _ row: Row, _ labels: [ResolvedLabels], _ used: inout [Relationship],
        _ matcher: PatternMatcher
    ) throws(QueryError) {
        let steps = join.arms[arm].steps
        guard position < steps.count else { return try record(arm, row, used) }
        let step = steps[position]
        var next = row
        let mark = next.count
        for (relationship, other) in try matcher.expansions(of: node, step.relationship, row) where !used.contains(relationship) {
            try evaluator.budget.tick()
            guard evaluator.view.has(labels[position], other) else { continue }
            next.truncate(to: mark)
            if let name = step.node.variable { next.bind(name, to: .node(other)) }
            used.append(relationship)
            defer { used.removeLast() }
            try walk(arm, position + 1, from: other, next, labels, &used, matcher)
        }
    }

    /// Records a whole walk of `arm` binding `row`, if it passes the arm's conditions: its
    /// relationships, its sides of the crossings and the number of its part of the key. An error
    /// computing those is kept, and raised only if a pair with the walk is a match.
    private mutating func record(_ arm: Int, _ row: Row, _ used: [Relationship]) throws(QueryError) {
        guard try evaluator.passes(join.arms[arm].conditions, row) else { return }
        var sides: [Value] = []
        var key: [Value] = []
        var failure: QueryError?
        do throws(QueryError) {
            for side in join.arms[arm].sides { sides.append(try evaluator.evaluate(side, row)) }
            for expression in join.arms[arm].keys { key.append(try evaluator.evaluate(expression, row)) }
        } catch {
            failure = error
            sides = Array(repeating: .null, count: join.arms[arm].sides.count)
        }
        let number = failure == nil ? Int32(keys[arm].position(inserting: key).row) : -1
        matches[arm].append(used, sides, number, failure)
    }

    /// Counts every pair of the current middle node's arm matches that is a match of the chain. The
    /// groups are looked up once per pair of distinct key numbers the middle node's walks have (a
    /// table of the whole query's groups is a cache miss per look-up; the middle node's are a few).
    private mutating func pair() throws(QueryError) {
        let (starts, ends) = (matches[0], matches[1])
        guard starts.count > 0, ends.count > 0 else { return }
        let (firstPlaces, firstNumbers) = Self.places(of: starts.keys)
        let (secondPlaces, secondNumbers) = Self.places(of: ends.keys)
        var groups = [Int32](repeating: -1, count: firstNumbers.count * secondNumbers.count)
        for first in 0..<starts.count {
            try evaluator.budget.tick(ends.count)
            let row = firstPlaces[first] * secondNumbers.count
            for second in 0..<ends.count {
                guard try isMatch(starts, first, ends, second) else { continue }
                let slot = row + secondPlaces[second]
                if groups[slot] < 0 { groups[slot] = try group(firstNumbers[firstPlaces[first]], secondNumbers[secondPlaces[second]]) }
                count(Int(groups[slot]))
            }
        }
    }

    /// Each walk's place among the distinct key numbers of `keys`, and those numbers in order of first sight.
    private static func places(of keys: [Int32]) -> (places: [Int], numbers: [Int32]) {
        var placeOf: [Int32: Int] = [:]
        var numbers: [Int32] = []
        let places = keys.map { key in
            if let known = placeOf[key] { return known }
            placeOf[key] = numbers.count
            numbers.append(key)
            return numbers.count - 1
        }
        return (places, numbers)
    }

    /// Whether the walks `first` of arm 0 and `second` of arm 1 make a match: no relationship twice
    /// and every crossing true; a walk's kept error is raised here.
    private func isMatch(_ starts: ArmMatches, _ first: Int, _ ends: ArmMatches, _ second: Int) throws(QueryError) -> Bool {
        let (mine, theirs) = (starts.steps, ends.steps)
        for i in first * mine..<(first + 1) * mine {
            for j in second * theirs..<(second + 1) * theirs where starts.used[i] == ends.used[j] { return false }
        }
        for index in operations.indices {
            let (a, b) = (first * operations.count + index, second * operations.count + index)
            let holds =
                startFirst[index]
                ? try holds(operations[index], starts.sides[a], ends.sides[b], index)
                : try holds(operations[index], ends.sides[b], starts.sides[a], index)
            guard holds else { return false }
        }
        if !starts.failures.isEmpty || !ends.failures.isEmpty, let failure = starts.failures[first] ?? ends.failures[second] {
            throw failure
        }
        return true
    }

    /// Whether `left op right` is true; two nodes compared by handle (`p <> q`), the rest as the evaluator does.
    private func holds(_ operation: BinaryOperator, _ left: Value, _ right: Value, _ crossing: Int) throws(QueryError) -> Bool {
        if case .node(let a) = left, case .node(let b) = right {
            if operation == .notEqual { return a != b }
            if operation == .equal { return a == b }
        }
        let location = join.crossings[crossing].condition.location
        guard case .boolean(true) = try evaluator.apply(operation, left, right, at: location) else { return false }
        return true
    }

    /// The group of the key numbers `first` and `second`, made if new.
    private mutating func group(_ first: Int32, _ second: Int32) throws(QueryError) -> Int32 {
        let pair = UInt64(UInt32(bitPattern: first)) << 32 | UInt64(UInt32(bitPattern: second))
        if let known = groupOf[pair] { return known }
        let group = Int32(groupKeys.count)
        groupOf[pair] = group
        groupKeys.append((first, second))
        rowCounts.append(0)
        middleCounts.append(0)
        lastMiddle.append(0)
        try evaluator.budget.check(rows: groupKeys.count)
        return group
    }

    /// Counts one match in `group`: a row, and the middle node if the group has not counted it yet.
    private mutating func count(_ group: Int) {
        taken += 1
        rowCounts[group] += 1
        guard lastMiddle[group] != middles else { return }
        lastMiddle[group] = middles
        if seen?.insert(UInt64(group) << 32 | UInt64(middle?.handle ?? 0)).inserted == false { return }
        middleCounts[group] += 1
    }

    /// Hands each group, its key's values and its counts, to `grouping`.
    func finish(into grouping: inout Grouping) throws(QueryError) {
        for (group, (first, second)) in groupKeys.enumerated() {
            let parts = [keys[0].rows[Int(first)], keys[1].rows[Int(second)]]
            let key = join.keyPlaces.map { parts[$0.arm][$0.position] }
            let counts = join.countsDistinctMiddle.map { $0 ? middleCounts[group] : rowCounts[group] }
            try grouping.add(key: key, counts: counts)
        }
    }
}

/// One arm's walks from the current middle node, in flat columns (kept from one middle node to the
/// next, so their storage is reused).
private struct ArmMatches {
    let steps: Int
    let sideCount: Int
    private(set) var count = 0
    /// Per walk, `steps` relationships and `sideCount` sides.
    private(set) var used: [Relationship] = []
    private(set) var sides: [Value] = []
    private(set) var keys: [Int32] = []
    /// The error computing a walk's sides or key, by walk (rare: kept apart).
    private(set) var failures: [Int: QueryError] = [:]

    init(steps: Int, sides: Int) {
        self.steps = steps
        sideCount = sides
    }

    mutating func removeAll() {
        count = 0
        used.removeAll(keepingCapacity: true)
        sides.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        failures.removeAll()
    }

    mutating func append(_ used: [Relationship], _ sides: [Value], _ key: Int32, _ failure: QueryError?) {
        if let failure { failures[count] = failure }
        count += 1
        self.used += used
        self.sides += sides
        keys.append(key)
    }
}
