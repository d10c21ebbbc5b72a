import EventLog
import Graph
import Testing

@testable import Query

/// The openCypher constructs Neo4j users write on their first day, on ExecutorTests' graph (Ann and
/// Bob in lab X, Cid in lab Y, Ann and Cid on project Z, Bob leads X): subqueries, pattern
/// comprehensions, aggregates inside expressions, WITH … WHERE reading what came before, and the
/// compile-time errors with the TCK's details.
struct ConformanceTests {
    private func rows(_ text: String, parameters: [String: Value] = [:]) throws -> [String] {
        let view = ExecutorTests.graph.current
        func render(_ value: Value) -> String {
            switch value {
            case .null: "null"
            case .string(let s): s
            case .integer(let n): "\(n)"
            case .float(let x): "\(x)"
            case .boolean(let b): "\(b)"
            case .list(let items): "[" + items.map(render).joined(separator: ", ") + "]"
            case .node(let n): view.id(of: n)
            default: "\(value)"
            }
        }
        let result = try Executor(view: view, parameters: parameters).run(Parser.parse(text))
        return result.rows.map { $0.map(render).joined(separator: " | ") }
    }

    private func error(_ text: String) -> QueryError? {
        #expect(throws: QueryError.self) { _ = try rows(text) }
    }

    @Test func existsAndCountSubqueriesReadTheRowTheyRunFrom() throws {
        #expect(try rows("MATCH (p:Person) WHERE EXISTS { (p)-[:LEADS]->() } RETURN p.name") == ["Bob"])
        #expect(
            try rows("MATCH (p:Person) WHERE exists { (p)-[:MEMBER_OF]->(l) WHERE l.name = 'Y' } RETURN p.name") == ["Cid"])
        #expect(
            try rows(
                """
                MATCH (l:Lab) WHERE EXISTS {
                  MATCH (l)<-[:MEMBER_OF]-(p) WITH l, count(*) AS n WHERE n = 2 RETURN true
                } RETURN l.name
                """) == ["X"])
        #expect(try rows("MATCH (l:Lab) RETURN l.name, COUNT { (l)<-[:MEMBER_OF]-() } AS members ORDER BY l.name") == ["X | 2", "Y | 1"])
        let writes = error("MATCH (n) WHERE EXISTS { MATCH (n)-->(m) SET m.x = 1 } RETURN n")
        #expect(writes?.detail == .invalidClauseComposition)
        #expect(error("MATCH (n) WHERE EXISTS { (n)-->(m) WHERE q.x = 1 } RETURN n")?.detail == .undefinedVariable)
    }

    @Test func patternComprehensionsCollectAValuePerMatch() throws {
        // One value per match, in no promised order.
        #expect(
            try rows("MATCH (l:Lab {name: 'X'}) UNWIND [(l)<-[:MEMBER_OF]-(p) | p.name] AS name RETURN name ORDER BY name")
                == ["Ann", "Bob"])
        #expect(try rows("MATCH (p:Person {name: 'Ann'}) RETURN size([(p)-->(x) WHERE x:Project | x]) AS n") == ["1"])
        #expect(try rows("MATCH (p:Person {name: 'Cid'}) RETURN [q = (p)-->() | length(q)] AS lengths") == ["[1, 1]"])
        // A list holding a pattern predicate is still a list.
        #expect(try rows("MATCH (p:Person {name: 'Bob'}) RETURN [(p)-[:LEADS]->(), 1] AS l") == ["[true, 1]"])
    }

    @Test func aggregatesInsideExpressions() throws {
        #expect(try rows("MATCH (p:Person) RETURN count(*) + 1 AS n") == ["4"])
        #expect(try rows("MATCH (p:Person) RETURN size(collect(p.name)) AS n, collect(p.name)[..1] AS first") == ["3 | [Ann]"])
        #expect(
            try rows("MATCH (p:Person)-[:MEMBER_OF]->(l) RETURN l.name AS lab, l.name + ': ' + count(*) AS line ORDER BY lab")
                == ["X | X: 2", "Y | Y: 1"])
        #expect(try rows("MATCH (p:Person) RETURN [x IN collect(p.h) WHERE x > 20] AS high") == ["[30]"])
        #expect(error("MATCH (p:Person) RETURN p.h + count(*)")?.detail == .ambiguousAggregationExpression)
        #expect(error("RETURN [x IN [1, 2] | count(x)]")?.detail == .invalidAggregation)
        #expect(
            try rows(
                "UNWIND [10, 30, 20, 40] AS x RETURN percentileDisc(x, 0.5) AS d, percentileCont(x, 0.5) AS c, percentileDisc(x, 1.0) AS top"
            )
                == ["20 | 25.0 | 40"])
        #expect(error("UNWIND [1, 2] AS x RETURN percentileCont(x, 1.5)")?.detail == .numberOutOfRange)
        // ORDER BY keys that aggregate read the items that compute their aggregates, by alias or as written.
        #expect(
            try rows("MATCH (p:Person)-[:MEMBER_OF]->(l) RETURN l.name AS lab, count(*) AS n ORDER BY -1 * count(*) + size(lab)")
                == ["X | 2", "Y | 1"])
        #expect(
            try rows("MATCH (p:Person)-[:MEMBER_OF]->(l) RETURN l.name AS lab, count(p) AS n ORDER BY l.name + count(p) DESC")
                == ["Y | 1", "X | 2"])
        #expect(
            error("MATCH (p:Person)-[:MEMBER_OF]->(l) RETURN l.name AS lab, collect(p) AS c ORDER BY count(p)")?.detail
                == .undefinedVariable)
        #expect(
            error("MATCH (p:Person)-[:MEMBER_OF]->(l) RETURN l.name AS lab, count(*) AS n ORDER BY p.h + count(*)")?.detail
                == .undefinedVariable)
    }

    @Test func withWhereReadsTheVariablesBeforeTheWith() throws {
        #expect(try rows("MATCH (p:Person)-[r]->(l:Lab) WITH p WHERE type(r) = 'LEADS' RETURN p.name") == ["Bob"])
        // Not after grouping or DISTINCT: the rows there do not come from one row each.
        #expect(error("MATCH (p:Person)-[r]->() WITH p, count(*) AS n WHERE type(r) = 'LEADS' RETURN p")?.detail == .undefinedVariable)
        #expect(error("MATCH (p:Person)-[r]->() WITH DISTINCT p WHERE r IS NULL RETURN p")?.detail == .undefinedVariable)
        // The hidden column is gone after the WHERE: a later MATCH binds `r` anew.
        #expect(
            try rows("MATCH (p:Person {name: 'Bob'})-[r:LEADS]->() WITH p WHERE r IS NOT NULL MATCH (p)-[r]->() RETURN count(r)") == ["2"])
    }

    @Test func compileTimeArgumentTypes() {
        let cases: [(String, Int)] = [
            ("RETURN NOT [1]", 12), ("RETURN 1 AND true", 8), ("RETURN true OR {a: 1}", 16), ("RETURN 'a' % 2", 8),
            ("RETURN 1 IN 'abc'", 13), ("MATCH p = ()-->() RETURN labels(p)", 33), ("RETURN any(x IN ['a'] WHERE x % 2 = 0)", 29),
            ("MATCH (n) RETURN type(n)", 23), ("MATCH ()-[r]->() RETURN length(r)", 32),
        ]
        for (text, column) in cases {
            let error = error(text)
            #expect(error?.code == .syntaxError && error?.detail == .invalidArgumentType, "\(text): \(error?.description ?? "none")")
            #expect(error?.location?.column == column, "\(text): \(error?.description ?? "none")")
        }
        // Unknown types are left to the run: a property may be anything.
        #expect(throws: Never.self) { _ = try rows("MATCH (n) WHERE NOT n.flag RETURN n") }
    }

    @Test func theSmallerForms() throws {
        #expect(try rows("MATCH (a:Person {name: 'Ann'})<-->(b) RETURN b.name ORDER BY b.name") == ["X", "Z"])
        #expect(try rows("MATCH (a:Person)-[:LEADS|:WORKS_ON]->(b) RETURN count(*)") == ["3"])
        #expect(try rows("RETURN [1] + 'a' AS l, 'a' + [1] AS m") == ["[1, a] | [a, 1]"])
        // range() of the extreme integers counts without overflowing, and refuses what is too large.
        #expect(
            try rows("RETURN range(9223372036854775806, 9223372036854775807), range(5, 1, -2), range(1, 5, -1)") == [
                "[9223372036854775806, 9223372036854775807] | [5, 3, 1] | []"
            ])
        #expect(error("RETURN range(-9223372036854775808, 9223372036854775807)")?.code == .limitExceeded)
        #expect(try rows("MATCH (n:Lab) WITH * RETURN count(*)") == ["2"])
        #expect(error("RETURN *")?.detail == .noVariablesInScope)
        #expect(error("MATCH (n:Nobody) RETURN foo(n)")?.detail == .unknownFunction)
        #expect(error("MATCH (n:Nobody) RETURN exp(n.x)")?.code == .unsupportedFeature)
        #expect(error("MATCH (n) UNWIND [1] AS n RETURN n")?.detail == .variableAlreadyBound)
        #expect(error("RETURN range(1, 'x')")?.code == .argumentError)
        #expect(try rows("MATCH (a:Person)-[:LEADS|:LEADS]->(b) RETURN count(*)") == ["1"])
        #expect(try rows("RETURN 'abc' CONTAINS '' AS c, 0.0 / 0.0 > 1 AS nan") == ["true | false"])
    }

    @Test func morePlacesWhereTheTextAloneIsWrong() {
        let cases: [(String, QueryError.Detail)] = [
            ("MATCH p = (p)-->() RETURN p", .variableAlreadyBound), ("MATCH p = ()-[p]->() RETURN p", .variableAlreadyBound),
            ("MATCH (a) CREATE (a)", .variableAlreadyBound), ("MATCH (a) MERGE (a)", .variableAlreadyBound),
            ("RETURN 1 AS a UNION RETURN 2 AS a UNION ALL RETURN 3 AS a", .invalidClauseComposition),
            ("MATCH (n) DELETE n:Person", .invalidDelete), ("MATCH (n) DELETE 1 + 1", .invalidArgumentType),
            ("MATCH (n) RETURN (n)-->()", .unexpectedSyntax), ("MATCH (n) SET n.x = (n)-->()", .unexpectedSyntax),
            ("MATCH (n) WHERE (n) RETURN n", .invalidArgumentType),
            ("MATCH p = (n)-->() WHERE p.name = 'x' RETURN p", .invalidArgumentType),
            ("MATCH (n $props) RETURN n", .invalidParameterUse), ("MATCH (a), (b) MERGE (a)-[:R $p]->(b)", .invalidParameterUse),
            ("MATCH (a)-[r]->()-[r]->() RETURN a", .relationshipUniquenessViolation), ("RETURN count(rand())", .nonConstantExpression),
            ("MATCH (n) RETURN size((n)-->())", .unexpectedSyntax),
            ("MERGE (n $props)", .invalidParameterUse),
            ("MATCH (a)-->(b) WITH a.h + b.h AS k, a.h + b.h + count(*) AS n RETURN n", .ambiguousAggregationExpression),
            ("MATCH (a)-->(b) RETURN a.h + b.h, count(*) AS n ORDER BY a.h + b.h + count(*)", .ambiguousAggregationExpression),
        ]
        for (text, detail) in cases {
            let error = error(text)
            #expect(error?.code == .syntaxError && error?.detail == detail, "\(text): \(error?.description ?? "none")")
        }
    }

    @Test func afterGroupingKeysReadTheItemsTheyAreWrittenLike() throws {
        #expect(try rows("MATCH (p:Person) WITH p.name AS name, count(*) AS n ORDER BY p.name DESC LIMIT 1 RETURN name") == ["Cid"])
        #expect(try rows("MATCH (p:Person) WITH DISTINCT p.h AS h WHERE p.h > 20 RETURN h") == ["30"])
    }

    @Test func aBoundRelationshipListIsFollowedInOrder() throws {
        let start = "MATCH (:Person {name: 'Ann'})-[r1:WORKS_ON]->(:Project)<-[r2:WORKS_ON]-(:Person) WITH [r1, r2] AS rs "
        #expect(try rows(start + "MATCH (a)-[rs*]-(b) RETURN a.name, b.name") == ["Ann | Cid"])
        #expect(try rows(start + "MATCH (a)-[rs*]->(b) RETURN a.name").isEmpty)  // r2 points the other way
        #expect(try rows(start + "MATCH (a {name: 'Cid'})-[rs*]-(b) RETURN a").isEmpty)  // not from Cid
        #expect(try rows(start + "MATCH (a)-[rs*3..]-(b) RETURN a").isEmpty)  // two relationships, not three
    }

    @Test func starHasItsColumnsWithoutRows() throws {
        let result = try Executor(view: ExecutorTests.graph.current).run(
            Parser.parse("OPTIONAL MATCH (a:Nobody) WITH a MATCH (a)-->(b) RETURN *"))
        #expect(result.columns == ["a", "b"] && result.rows.isEmpty)
    }
}
