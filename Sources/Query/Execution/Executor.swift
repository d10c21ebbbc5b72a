// Running a parsed query on one graph view: each clause turns the rows before it into the rows after
// it (MATCH extends, WHERE filters, UNWIND multiplies, WITH and RETURN project), and UNION joins the
// single queries' results. Time travel is the caller's: it picks the view AS OF names.
public import Graph

/// Runs queries against a view of the graph at one seq.
public struct Executor {
    let evaluator: Evaluator
    /// The staged graph of a write query; nil for a read, which refuses writing clauses.
    let writes: GraphWrites?
    /// Whether a large aggregated step or middle join may be shared with a second thread (`fold`,
    /// `count`); false keeps every
    /// step on the query's thread, for comparing the two.
    var sharesWork = true

    /// An executor for one query on `view` (the time limit starts counting here).
    public init(view: GraphView, parameters: [String: Value] = [:], limits: QueryLimits = QueryLimits()) {
        evaluator = Evaluator(view: view, parameters: parameters, limits: limits)
        writes = nil
    }

    /// An executor for one write query: it reads and changes the staged graph of `writes`.
    public init(writing writes: GraphWrites, parameters: [String: Value] = [:], limits: QueryLimits = QueryLimits()) {
        evaluator = Evaluator(view: writes.view, parameters: parameters, limits: limits)
        self.writes = writes
    }

    /// The evaluator for what comes next: on the staged graph as it is now, for a write query.
    var current: Evaluator {
        guard let writes else { return evaluator }
        return evaluator.on(writes.view)
    }

    /// The result of `statement` (its `AS OF` must already have chosen this executor's view).
    /// `EXPLAIN` answers the plan and no rows, running nothing; `PROFILE` runs it and answers the plan
    /// with what each operation measured.
    public func run(_ statement: Statement) throws(QueryError) -> QueryResult {
        switch statement.mode {
        case .run: return try answer(statement)
        case .explain:
            var result = QueryResult(columns: try Self.columns(of: statement), rows: [])
            result.plan = try explain(statement)
            return result
        case .profile:
            let profiler = QueryProfiler()
            evaluator.budget.profiler = profiler
            defer { evaluator.budget.profiler = nil }
            var result = try answer(statement)
            result.plan = profiler.annotated(try explain(statement))
            return result
        }
    }

    /// The columns `statement` answers with, known without running it: its last RETURN's names.
    private static func columns(of statement: Statement) throws(QueryError) -> [String] {
        let scopes = try Binder.check(statement)
        return finalReturn(of: statement.parts[statement.parts.count - 1], scopes: scopes[scopes.count - 1])?.columns ?? []
    }

    /// The RETURN that ends `query`, as it runs, with its column names; nil when it ends otherwise.
    private static func finalReturn(of query: SingleQuery, scopes: [Set<String>]) -> (projection: Projection, columns: [String])? {
        guard case .return(let written)? = query.clauses.last else { return nil }
        let projection = ProjectionRewrite.prepared(written, where: nil, scope: scopes[query.clauses.count - 1]).projection
        return (projection, projection.items.map { $0.alias ?? $0.text })
    }

    private func answer(_ statement: Statement) throws(QueryError) -> QueryResult {
        let scopes = try Binder.check(statement)
        if writes == nil, let clause = statement.firstUpdatingClause { throw QueryError.readOnly(clause) }
        var columns: [String]? = nil
        var rows: [[Value]] = []
        for (index, part) in statement.parts.enumerated() {
            let result = try run(part, scopes: scopes[index], part: index)
            if let columns, columns != result.columns {
                throw QueryError(
                    .syntaxError, "all parts of a UNION must return the same column names", at: part.clauses.last?.location,
                    detail: .differentColumnsInUnion)
            }
            columns = result.columns
            rows += result.rows
            // UNION (without ALL) keeps one of each row of everything so far.
            if index > 0 && !statement.unionAll[index - 1] { rows = DistinctRows.distinct(rows) }
        }
        return QueryResult(columns: columns ?? [], rows: rows, statistics: writes?.statistics)
    }

    /// How `statement`'s answer is streamed (`stream(_:into:)`): its columns, known before it runs, and
    /// what running it needs, bound once; nil when it cannot be streamed: it writes, has parts joined by
    /// UNION, or ends with a RETURN that groups, drops duplicates or orders (or another clause), which
    /// `run` answers (and, for a query that does not bind, fails). Binding errors of a query that
    /// could stream are thrown here.
    public static func streamPlan(of statement: Statement) throws(QueryError) -> StreamPlan? {
        // The shape first: a query that cannot stream is bound once, by `run`.
        guard statement.mode == .run, statement.parts.count == 1, statement.firstUpdatingClause == nil,
            case .return? = statement.parts[0].clauses.last
        else { return nil }
        let scopes = try Binder.check(statement)
        guard let (projection, columns) = finalReturn(of: statement.parts[0], scopes: scopes[0]) else { return nil }
        // A name used twice is the ordinary path's error to give.
        guard StreamedReturn.streams(projection), Set(columns).count == columns.count else { return nil }
        return StreamPlan(columns: columns, query: statement.parts[0], projection: projection, scopes: scopes[0])
    }

    /// Runs a streamed answer, handing its rows to `receiver` as its last clause makes them; the rows
    /// before that clause are held as `run` holds them. A query stopped by its receiver rethrows the
    /// receiver's error.
    public func stream(_ plan: StreamPlan, into receiver: some RowReceiver) throws(QueryError) {
        let sink = try StreamedReturn(plan.projection, current, into: receiver)
        if sink.complete { return }  // LIMIT 0
        do {
            _ = try run(plan.query, scopes: plan.scopes, streamingInto: sink)
        } catch let error where error.code == .cancelled && sink.complete {
            return  // LIMIT reached
        }
    }

    /// Runs `query` from the row `start`; when it ends without RETURN, `keepingRows` answers one
    /// empty row per row it ended with (a subquery's rows count), where a whole query answers none.
    /// With `sink`, its final RETURN hands its rows there (with the MATCH or UNWIND before it feeding
    /// them one at a time) and the result has no rows.
    /// `part`: which part of the statement it is, for PROFILE (nil for a subquery).
    private func run(
        _ query: SingleQuery, scopes: [Set<String>], from start: Row = Row(), keepingRows: Bool = false,
        streamingInto sink: StreamedReturn? = nil, part: Int? = nil
    ) throws(QueryError) -> QueryResult {
        var rows = [start]
        // What a MATCH streamed its matches into, for the projection after it.
        var streamed: Streamed? = nil
        for (position, clause) in query.clauses.enumerated() {
            // PROFILE: the clause's rows (those it handed on where it fed the next clause instead) and time.
            // The clock is read only then: a subquery runs its clauses once per outer row.
            let profiler = part == nil ? nil : evaluator.budget.profiler
            let started = profiler == nil ? nil : ContinuousClock.now
            var handedOn: Int? = nil
            defer {
                if let part, let profiler, let started {
                    profiler.record(ClauseAddress(part: part, position: position), rows: handedOn ?? rows.count, since: started)
                }
            }
            if let sink, position == query.clauses.count - 2, try streamLast(clause, rows, scopes[position], into: sink) {
                return QueryResult(columns: [], rows: [])
            }
            if clause.isUpdating {
                guard let writes else { throw QueryError.readOnly(clause) }
                rows = try write(clause, rows, writes)
                continue
            }
            // A write query's clauses each read the staged graph as the clauses before left it. The
            // evaluator is let go at the end of the clause: a view held while the graph changes would
            // make the change copy what it touches.
            let evaluator = current
            let matcher = PatternMatcher(evaluator: evaluator)
            let projector = Projector(evaluator: evaluator)
            let planner = Planner(evaluator: evaluator)
            switch clause {
            case .match(let match):
                // One plan serves every row: it reads the counts, the parameters and the scope, never a row.
                let plan = try planner.plan(match.patterns, where: match.predicate, bound: scopes[position])
                // A MATCH projected at once (by the RETURN or WITH after it) streams its matches into
                // the projection's groups or rows: the matches are never held.
                if !match.optional, let projection = Self.projection(after: position, in: query, scopes: scopes) {
                    handedOn = 0
                    func streamMatches(into add: (Row) throws(QueryError) -> Void) throws(QueryError) {
                        for row in rows {
                            try evaluator.budget.tick()
                            try matcher.forEachMatch(plan, extending: row) { match throws(QueryError) in
                                handedOn! += 1
                                try add(match)
                            }
                        }
                    }
                    if var grouping = try projector.grouping(for: projection) {
                        if let join = MiddleJoin(plan, for: projection, scope: scopes[position], in: evaluator.view) {
                            // A chain only counted: matched from its middle, each middle node's arms
                            // walked once and paired, the pairs counted into their groups.
                            handedOn = try count(join, from: rows, into: &grouping, matcher)
                        } else if let step = AggregatedStep(plan, for: projection, scope: scopes[position]) {
                            // The last step only aggregated: each start node finds its group once, and
                            // its step is counted, or folded in without rows.
                            handedOn = try fold(step, from: rows, into: &grouping, projection, matcher)
                        } else {
                            try streamMatches { match throws(QueryError) in try grouping.add(match) }
                        }
                        streamed = .groups(grouping)
                        continue
                    }
                    if var projected = try projector.rowProjection(for: projection) {
                        do {
                            try streamMatches { match throws(QueryError) in try projected.add(match) }
                        } catch let error where error.code == .cancelled && projected.isFull {
                            // LIMIT reached: the MATCH stops where it is.
                        }
                        streamed = .rows(projected)
                        continue
                    }
                }
                var next: [Row] = []
                for row in rows {
                    try evaluator.budget.tick()
                    var found = try matcher.matches(plan, extending: row)
                    if found.isEmpty && match.optional {
                        // OPTIONAL MATCH with no match keeps the row, its new variables null.
                        found = [newVariables(of: match.patterns, notIn: row).reduce(row) { $0.binding($1, to: .null) }]
                    }
                    next += found
                    try evaluator.budget.check(rows: next.count)
                }
                rows = next
            case .unwind(let expression, let variable, _):
                var next: [Row] = []
                for row in rows {
                    try Self.unwind(expression, as: variable, from: row, evaluator) { item throws(QueryError) in
                        next.append(item)
                        try evaluator.budget.check(rows: next.count)
                    }
                }
                rows = next
            case .with(let written, let predicate):
                let (projection, hidden) = ProjectionRewrite.prepared(written, where: predicate, scope: scopes[position])
                let predicate = ProjectionRewrite.predicate(predicate, of: written)
                let (columns, projected) = try project(projection, rows, streamed, projector)
                streamed = nil
                rows = projected.map { Row(names: columns, values: $0) }
                if let predicate {
                    var kept: [Row] = []
                    for row in rows where try evaluator.passes([predicate], row) { kept.append(row) }
                    rows = kept
                }
                if hidden > 0 {
                    let names = Array(columns.dropLast(hidden))
                    rows = rows.map { row in Row(names: names, values: names.map { row.value(of: $0) ?? .null }) }
                }
            case .return(let written):
                if let sink {
                    for row in rows { try sink.add(row) }
                    return QueryResult(columns: [], rows: [])
                }
                let (projection, hidden) = ProjectionRewrite.prepared(written, where: nil, scope: scopes[position])
                let (columns, projected) = try project(projection, rows, streamed, projector)
                handedOn = projected.count
                if hidden == 0 { return QueryResult(columns: columns, rows: projected) }
                return QueryResult(columns: Array(columns.dropLast(hidden)), rows: projected.map { Array($0.dropLast(hidden)) })
            case .call(let call):
                // A CALL that starts the query and is returned at once: its answer is projected in place.
                if sink == nil, position + 1 < query.clauses.count, case .return(let projection) = query.clauses[position + 1],
                    position == 0, call.predicate == nil
                {
                    let (columns, projected) = try projector.project(projection, try yielded(call, evaluator))
                    handedOn = projected.count
                    return QueryResult(columns: columns, rows: projected)
                }
                let (columns, called) = try self.call(call, rows, evaluator)
                // A query of one CALL answers with what it yields.
                if query.clauses.count == 1 {
                    return QueryResult(columns: columns, rows: called.map { row in columns.map { row.value(of: $0) ?? .null } })
                }
                rows = called
            case .create, .merge, .set, .remove, .delete:
                continue  // written above
            }
        }
        // A query that ends without RETURN returns no columns.
        return QueryResult(columns: [], rows: keepingRows ? rows.map { _ in [] } : [])
    }

    /// Streams the rows of `clause`, the one before a streamed RETURN, into `sink` as it makes them, when
    /// it is a MATCH (each match as found) or an UNWIND (each item; a `range()` walked, not built);
    /// false for another clause, which runs as usual.
    private func streamLast(
        _ clause: Clause, _ rows: [Row], _ scope: Set<String>, into sink: StreamedReturn
    ) throws(QueryError) -> Bool {
        let evaluator = current
        switch clause {
        case .match(let match) where !match.optional:
            let plan = try Planner(evaluator: evaluator).plan(match.patterns, where: match.predicate, bound: scope)
            let matcher = PatternMatcher(evaluator: evaluator)
            for row in rows {
                try evaluator.budget.tick()
                try matcher.forEachMatch(plan, extending: row) { match throws(QueryError) in try sink.add(match) }
            }
            return true
        case .unwind(let expression, let variable, _):
            for row in rows {
                try Self.unwind(expression, as: variable, from: row, evaluator) { item throws(QueryError) in try sink.add(item) }
            }
            return true
        default:
            return false
        }
    }

    /// The rows UNWIND makes of `row`, one per item of the list `expression` gives (none for null, one
    /// for a single value), each handed to `body`; a `range()` is walked rather than built.
    private static func unwind(
        _ expression: Expression, as variable: String, from row: Row, _ evaluator: Evaluator, _ body: (Row) throws(QueryError) -> Void
    ) throws(QueryError) {
        if case .function(let name, false, let arguments) = expression.kind, name.lowercased() == "range", (2...3).contains(arguments.count)
        {
            var values: [Value] = []
            for argument in arguments { values.append(try evaluator.evaluate(argument, row)) }
            let range = try IntegerRange(values, at: expression.location)
            for index in 0..<range.count {
                try evaluator.budget.tick()
                try body(row.binding(variable, to: .integer(range[index])))
            }
            return
        }
        switch try evaluator.evaluate(expression, row) {
        case .null: return
        case .list(let items): for item in items { try body(row.binding(variable, to: item)) }
        case let single: try body(row.binding(variable, to: single))
        }
    }

    /// A reading executor for a subquery, sharing the enclosing query's evaluator (its view,
    /// parameters and budget).
    init(evaluator: Evaluator) {
        self.evaluator = evaluator
        writes = nil
    }

    /// The value of `subquery` run from the variables of `bindings` it reads.
    func value(of subquery: Subquery, from bindings: some Bindings) throws(QueryError) -> Value {
        var start = Row()
        var outer = BinderScope()
        for name in subquery.outerVariables {
            guard let value = bindings.value(of: name) else { continue }
            start.bind(name, to: value)
            outer.insert(name)
        }
        let result = try run(subquery.query, scopes: try Binder.scopes(of: subquery, outer: outer), from: start, keepingRows: true)
        switch subquery.form {
        case .exists: return .boolean(!result.rows.isEmpty)
        case .count: return .integer(Int64(result.rows.count))
        case .collect: return .list(result.rows.map { $0.first ?? .null })
        }
    }

    /// Runs a procedure once per row and binds the fields it yields (every field when the CALL names
    /// none); returns the yielded names and the rows.
    private func call(_ call: ProcedureCall, _ rows: [Row], _ evaluator: Evaluator) throws(QueryError) -> ([String], [Row]) {
        let (procedure, yields, positions) = try resolve(call)
        var next: [Row] = []
        for row in rows {
            var arguments: [Value] = []
            for argument in call.arguments { arguments.append(try evaluator.evaluate(argument, row)) }
            let results = try procedure.run(arguments, evaluator.view, evaluator.budget, call.location)
            next.reserveCapacity(next.count + results.count)
            let names = yields.map { $0.alias ?? $0.field }
            for index in 0..<results.count {
                var extended = row
                extended.reserveCapacity(row.count + yields.count)
                for (name, position) in zip(names, positions) { extended.bind(name, to: results.columns[position][index]) }
                if let predicate = call.predicate, try !evaluator.passes([predicate], extended) { continue }
                next.append(extended)
                try evaluator.budget.check(rows: next.count)
            }
        }
        return (yields.map { $0.alias ?? $0.field }, next)
    }

    /// What a MATCH handed its matches to instead of collecting them.
    private enum Streamed {
        case groups(Grouping)
        case rows(RowProjection<Row>)
    }

    /// A projection's answer: from what the MATCH before streamed into it, else from `rows`.
    private func project(
        _ projection: Projection, _ rows: [Row], _ streamed: Streamed?, _ projector: Projector
    ) throws(QueryError) -> (columns: [String], rows: [[Value]]) {
        switch streamed {
        case .groups(let grouping): try projector.finish(projection, grouping)
        case .rows(let projected): try projector.finish(projection, projected)
        case nil: try projector.project(projection, rows)
        }
    }

    /// The projection of the clause after `position`, if it is a RETURN or WITH (as that clause runs it).
    static func projection(after position: Int, in query: SingleQuery, scopes: [Set<String>]) -> Projection? {
        guard position + 1 < query.clauses.count else { return nil }
        switch query.clauses[position + 1] {
        case .with(let projection, let predicate):
            return ProjectionRewrite.prepared(projection, where: predicate, scope: scopes[position + 1]).projection
        case .return(let projection): return ProjectionRewrite.prepared(projection, where: nil, scope: scopes[position + 1]).projection
        default: return nil
        }
    }

    /// The procedure a CALL names, the fields it yields (all, when it names none), and where each
    /// field is among the procedure's.
    private func resolve(_ call: ProcedureCall) throws(QueryError) -> (Procedure, [YieldItem], [Int]) {
        let procedure = try Procedure.named(call.name, at: call.location)
        guard call.arguments.count <= procedure.maximumArguments else {
            throw QueryError(
                .semanticError,
                "\(procedure.name) takes at most \(procedure.maximumArguments) argument\(procedure.maximumArguments == 1 ? "" : "s")",
                at: call.location)
        }
        let yields = call.yields.isEmpty ? procedure.fields.map { YieldItem(field: $0, alias: nil) } : call.yields
        return (procedure, yields, yields.map { item in procedure.fields.firstIndex(of: item.field)! })
    }

    /// The rows of a procedure called once, with no incoming variables, read from its columns.
    private func yielded(_ call: ProcedureCall, _ evaluator: Evaluator) throws(QueryError) -> [YieldedRow] {
        let (procedure, yields, positions) = try resolve(call)
        var arguments: [Value] = []
        for argument in call.arguments { arguments.append(try evaluator.evaluate(argument, Row())) }
        let results = try procedure.run(arguments, evaluator.view, evaluator.budget, call.location)
        let names = yields.map { $0.alias ?? $0.field }
        try evaluator.budget.check(rows: results.count)
        return (0..<results.count).map { YieldedRow(names: names, positions: positions, columns: results.columns, index: $0) }
    }

    private func newVariables(of patterns: [PatternPart], notIn row: Row) -> [String] {
        patterns.flatMap(Planner.variables(of:)).filter { row.value(of: $0) == nil }
    }
}
