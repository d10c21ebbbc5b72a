import Testing

@testable import Query

struct ParserTests {
    private func matchClause(_ statement: Statement, _ index: Int = 0) throws -> Match {
        guard case .match(let match) = statement.parts[0].clauses[index] else { throw QueryError(.syntaxError, "not a MATCH") }
        return match
    }

    @Test func aMatchWithPatternsWhereAndReturn() throws {
        let statement = try Parser.parse(
            """
            MATCH (p:Person {name: 'Carl Moons'})-[r:MEMBER_OF|LEADS*1..3]->(l:Lab:HealthAILab), (x)<--(p)
            WHERE l.theme STARTS WITH 'Im' AND (p)-[:KNOWS]-(x)
            RETURN DISTINCT p.name, count(*) AS n ORDER BY n DESC, p.name SKIP 1 LIMIT 10
            """)
        let match = try matchClause(statement)
        #expect(!match.optional)
        #expect(match.patterns.count == 2)
        let element = match.patterns[0].element
        #expect(element.start.variable == "p" && element.start.labels == ["Person"])
        #expect(element.start.properties != nil)
        let step = try #require(element.chain.first)
        #expect(step.relationship.variable == "r")
        #expect(step.relationship.types == ["MEMBER_OF", "LEADS"])
        #expect(step.relationship.direction == .outgoing)
        #expect(step.relationship.length == LengthRange(minimum: 1, maximum: 3))
        #expect(step.node.labels == ["Lab", "HealthAILab"])
        #expect(match.patterns[1].element.chain[0].relationship.direction == .incoming)
        guard case .binary(.and, _, let right)? = match.predicate?.kind, case .pattern(let predicate) = right.kind else {
            Issue.record("expected a pattern predicate")
            return
        }
        #expect(predicate.chain[0].relationship.direction == .either)
        guard case .return(let projection) = statement.parts[0].clauses[1] else {
            Issue.record("no RETURN")
            return
        }
        #expect(projection.distinct)
        #expect(projection.items.map(\.text) == ["p.name", "count(*)"])
        #expect(projection.items.map(\.alias) == [nil, "n"])
        #expect(projection.orderBy.map(\.descending) == [true, false])
        #expect(projection.skip?.kind == .integer(1) && projection.limit?.kind == .integer(10))
    }

    @Test func lengthsAndShortestPaths() throws {
        let statement = try Parser.parse("MATCH p = shortestPath((a)-[*]-(b)), q = (a)-[*..4]->()-[*2]->() RETURN p, q")
        let match = try matchClause(statement)
        #expect(match.patterns[0].variable == "p")
        #expect(match.patterns[0].shortest == .one)
        #expect(match.patterns[0].element.chain[0].relationship.length == LengthRange(minimum: nil, maximum: nil))
        #expect(
            match.patterns[1].element.chain.map(\.relationship.length) == [
                LengthRange(minimum: nil, maximum: 4), LengthRange(minimum: 2, maximum: 2),
            ])
        #expect(try Parser.parse("MATCH p = allShortestPaths((a)-[*]-(b)) RETURN p").parts[0].clauses.count == 2)
    }

    @Test func withUnwindOptionalUnionAndAsOf() throws {
        let statement = try Parser.parse(
            """
            AS OF '2026-01-01T00:00:00Z'
            MATCH (l:Lab) OPTIONAL MATCH (l)<-[:MEMBER_OF]-(p)
            WITH l, count(p) AS members WHERE members > 2
            UNWIND [1, 2] AS k
            RETURN l.name AS name, k
            UNION ALL
            MATCH (x) RETURN x.name AS name, 0 AS k
            """)
        #expect(statement.asOf?.kind == .string("2026-01-01T00:00:00Z"))
        #expect(statement.parts.count == 2 && statement.unionAll == [true])
        let clauses = statement.parts[0].clauses
        #expect(clauses.count == 5)
        if case .match(let optional) = clauses[1] { #expect(optional.optional) } else { Issue.record("no OPTIONAL MATCH") }
        if case .with(let projection, let predicate) = clauses[2] {
            #expect(projection.items.map(\.alias) == [nil, "members"])
            #expect(predicate != nil)
        } else {
            Issue.record("no WITH")
        }
        if case .unwind(_, let variable, _) = clauses[3] { #expect(variable == "k") } else { Issue.record("no UNWIND") }
    }

    @Test func proceduresAndStar() throws {
        let call = try Parser.parse("CALL db.labels()")
        guard case .call(let procedure) = call.parts[0].clauses[0] else {
            Issue.record("no CALL")
            return
        }
        #expect(procedure.name == "db.labels")
        let yielded = try Parser.parse(
            "CALL algo.pageRank({labels: ['Person']}) YIELD node, score AS rank WHERE rank > 0.1 RETURN node, rank")
        guard case .call(let pageRank) = yielded.parts[0].clauses[0] else {
            Issue.record("no CALL")
            return
        }
        #expect(pageRank.yields == [YieldItem(field: "node", alias: nil), YieldItem(field: "score", alias: "rank")])
        #expect(pageRank.predicate != nil)
        guard case .return(let projection) = try Parser.parse("MATCH (n) RETURN *, n.x").parts[0].clauses[1] else { return }
        #expect(projection.star && projection.items.count == 1)
    }

    @Test func writingClauses() throws {
        let clauses = try Parser.parse(
            """
            MATCH (a:Person {`@id`: 'p:1'})
            CREATE (a)-[r:KNOWS {since: 2020}]->(b:Person:Expert {name: 'B'}), (c:Lab)
            MERGE (l:Lab {name: 'X'}) ON CREATE SET l.new = true, l:Fresh ON MATCH SET l += {seen: 1}
            SET a.x = 1, a = {y: 2}, b:Tagged
            REMOVE a.y, b:Expert:Tagged
            DETACH DELETE c
            DELETE r
            """
        ).parts[0].clauses
        #expect(clauses.count == 7)
        #expect(clauses.filter(\.isUpdating).count == 6)
        guard case .create(let patterns, _) = clauses[1] else {
            Issue.record("no CREATE")
            return
        }
        #expect(patterns.map(\.element.text) == ["(a)-[r:KNOWS {since: 2020}]->(b:Person:Expert {name: 'B'})", "(c:Lab)"])
        guard case .merge(let merge) = clauses[2] else {
            Issue.record("no MERGE")
            return
        }
        #expect(merge.onCreate.map(\.text) == ["l.new = true", "l:Fresh"])
        #expect(merge.onMatch.map(\.text) == ["l += {seen: 1}"])
        guard case .set(let items, _) = clauses[3] else {
            Issue.record("no SET")
            return
        }
        #expect(items.map(\.text) == ["a.x = 1", "a = {y: 2}", "b:Tagged"])
        guard case .remove(let removed, _) = clauses[4] else {
            Issue.record("no REMOVE")
            return
        }
        #expect(removed.map(\.text) == ["a.y", "b:Expert:Tagged"])
        guard case .delete(_, let detach, _) = clauses[5], case .delete(_, let plain, _) = clauses[6] else {
            Issue.record("no DELETE")
            return
        }
        #expect(detach && !plain)
        // A query that writes may end without RETURN; one that only reads may not.
        #expect(try Parser.parse("CREATE (n:A)").firstUpdatingClause != nil)
        #expect(try Parser.parse("MATCH (n) RETURN n").firstUpdatingClause == nil)
    }

    static let errors: [(String, QueryError.Code, Int, Int, String)] = [
        ("MATCH (p:Person RETURN p", .syntaxError, 1, 17, "expected ')' to close the node pattern"),
        ("MATCH (p)", .syntaxError, 1, 10, "a query must end with RETURN"),
        ("MATCH (a)-[r*1..x]->(b) RETURN a", .syntaxError, 1, 17, "expected ']' to close the relationship pattern"),
        ("MATCH (n) FOREACH (x IN [1] | SET n.x = x)", .unsupportedFeature, 1, 11, "FOREACH is not supported yet"),
        ("MATCH (n) DETACH n", .syntaxError, 1, 18, "expected DELETE"),
        ("MATCH (n) SET n.a.b = 1", .unsupportedFeature, 1, 18, "nested property"),
        ("MATCH (n) SET n", .syntaxError, 1, 16, "'.', '=', '+=' or ':'"),
        ("MERGE (n:A) ON DELETE SET n.x = 1", .syntaxError, 1, 16, "CREATE or MATCH after ON"),
        ("MATCH (n) REMOVE n = 1", .syntaxError, 1, 20, "'.' or ':'"),
        ("MATCH (n) CREATE (m:A) MATCH (o)", .syntaxError, 1, 33, "a query must end with RETURN"),
        ("MATCH (n) RETURN n LIMIT", .syntaxError, 1, 25, "expected an expression"),
        ("RETURN 1 RETURN 2", .syntaxError, 1, 10, "expected the end of the query"),
        ("", .syntaxError, 1, 1, "expected a clause"),
        ("MATCH (n) WHERE RETURN n", .syntaxError, 1, 17, "expected an expression, found 'RETURN'"),
    ]

    @Test(arguments: errors)
    func errorsNameTheirPlace(text: String, code: QueryError.Code, line: Int, column: Int, phrase: String) {
        let error = #expect(throws: QueryError.self) { _ = try Parser.parse(text) }
        #expect(error?.code == code, "\(error?.description ?? "")")
        #expect(error?.location?.line == line, "\(error?.description ?? "")")
        #expect(error?.location?.column == column, "\(error?.description ?? "")")
        #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "")")
    }

    @Test func mutatedQueriesNeverCrashTheParser() {
        let seeds = [
            "MATCH (p:Person {name: 'x'})-[r:A|B*1..2]->(q) WHERE p.x > 1 AND (p)--(q) RETURN p, count(*) ORDER BY p.x DESC LIMIT 3",
            "AS OF 12 MATCH (a) OPTIONAL MATCH (a)-->(b) WITH a, collect(b) AS bs UNWIND bs AS b RETURN a UNION RETURN 1 AS a",
            "CALL algo.pageRank({labels: ['A']}) YIELD node, score RETURN [x IN range(1, 3) WHERE x > 1 | x ^ 2], CASE WHEN true THEN 1 END",
        ]
        var mutator = QueryMutator(seeds: seeds, alphabet: "()[]{}-<>:,.*|'$ MATCHRETURN", seed: 11)
        for _ in 0..<3000 {
            let text = mutator.next(maximumEdits: 4)
            do {
                _ = try Parser.parse(text)
            } catch {
                #expect(error.location != nil || error.code == .syntaxError)
            }
        }
    }
}

struct QueryErrorRenderingTests {
    @Test func aCaretPointsAtTheColumn() {
        let text = "MATCH (p:Person)\nRETURN p.name,, p"
        let error = #expect(throws: QueryError.self) { _ = try Parser.parse(text) }
        #expect(
            error?.rendered(in: text)
                == """
                SyntaxError: expected an expression, found ','
                2 | RETURN p.name,, p
                  |               ^
                """)
    }
}
