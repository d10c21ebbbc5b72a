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

    static let errors: [(String, QueryError.Code, Int, Int, String)] = [
        ("MATCH (p:Person RETURN p", .syntaxError, 1, 17, "expected ')' to close the node pattern"),
        ("MATCH (p)", .syntaxError, 1, 10, "a query must end with RETURN"),
        ("MATCH (a)<-[r]->(b) RETURN a", .syntaxError, 1, 10, "cannot point both ways"),
        ("MATCH (a)-[r*1..x]->(b) RETURN a", .syntaxError, 1, 17, "expected ']' to close the relationship pattern"),
        ("CREATE (n:Person) RETURN n", .unsupportedFeature, 1, 1, "CREATE is not supported yet"),
        ("MATCH (n) DETACH DELETE n", .unsupportedFeature, 1, 11, "DETACH DELETE is not supported yet"),
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
