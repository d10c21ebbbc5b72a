import Testing

@testable import Query

struct ExpressionParserTests {
    /// The tree as a compact S-expression, to compare shapes.
    static func render(_ e: Expression) -> String {
        switch e.kind {
        case .null: "null"
        case .boolean(let b): "\(b)"
        case .integer(let n): "\(n)"
        case .float(let x): "\(x)"
        case .string(let s): "'\(s)'"
        case .parameter(let p): "$\(p)"
        case .variable(let v): v
        case .list(let items): "[" + items.map(render).joined(separator: " ") + "]"
        case .map(let entries): "{" + entries.map { "\($0.key):\(render($0.value))" }.joined(separator: " ") + "}"
        case .property(let base, let key): "\(render(base)).\(key)"
        case .index(let base, let i): "\(render(base))[\(render(i))]"
        case .slice(let base, let a, let b): "\(render(base))[\(a.map(render) ?? "")..\(b.map(render) ?? "")]"
        case .unary(let op, let x): "(\(op.rawValue) \(render(x)))"
        case .binary(let op, let a, let b): "(\(op.rawValue) \(render(a)) \(render(b)))"
        case .isNull(let x, let negated): "(\(negated ? "notnull" : "isnull") \(render(x)))"
        case .hasLabels(let x, let labels): "(labels \(render(x)) \(labels.joined(separator: ":")))"
        case .function(let name, let distinct, let args):
            "\(name)(\(distinct ? "DISTINCT " : "")\(args.map(render).joined(separator: " ")))"
        case .countStar: "count(*)"
        case .caseWhen(let subject, let branches, let otherwise):
            "(case \(subject.map(render) ?? "_") " + branches.map { "\(render($0.condition))->\(render($0.result))" }.joined(separator: " ")
                + " else \(otherwise.map(render) ?? "_"))"
        case .listComprehension(let v, let list, let p, let m):
            "[\(v) in \(render(list)) where \(p.map(render) ?? "_") | \(m.map(render) ?? "_")]"
        case .quantifier(let q, let v, let list, let p): "\(q.rawValue)(\(v) in \(render(list)) where \(render(p)))"
        case .pattern(let element): "pattern(\(element.chain.count) steps)"
        case .subquery(let subquery): "subquery(\(subquery.form), \(subquery.query.clauses.count) clauses)"
        }
    }

    static let shapes: [(String, String)] = [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("(1 + 2) * 3", "(* (+ 1 2) 3)"),
        ("EXISTS { (a)-->() } AND [(a)-->(b) | b]", "(AND subquery(exists, 1 clauses) subquery(collect, 2 clauses))"),
        ("[(a)-->(b), (a)]", "[pattern(1 steps) a]"),
        ("2 ^ 3 ^ 2", "(^ (^ 2 3) 2)"),
        ("-2 ^ 2", "(^ -2 2)"),
        ("- x", "(- x)"),
        ("-9223372036854775808", "-9223372036854775808"),
        ("a OR b XOR c AND NOT d", "(OR a (XOR b (AND c (NOT d))))"),
        ("NOT a = b", "(NOT (= a b))"),
        ("1 < x <= 3", "(AND (< 1 x) (<= x 3))"),
        ("a <> b AND c != d", "(AND (<> a b) (<> c d))"),
        ("n.name STARTS WITH 'Ca' AND n.name ENDS WITH 's'", "(AND (STARTS WITH n.name 'Ca') (ENDS WITH n.name 's'))"),
        ("x IN [1, 2] OR y CONTAINS 'z'", "(OR (IN x [1 2]) (CONTAINS y 'z'))"),
        ("n.email IS NOT NULL", "(notnull n.email)"),
        ("n:Lab:HealthAILab AND NOT m:Person", "(AND (labels n Lab:HealthAILab) (NOT (labels m Person)))"),
        ("n.x IS NULL = true", "(= (isnull n.x) true)"),
        ("n.name =~ '(?i)carl.*'", "(=~ n.name '(?i)carl.*')"),
        ("list[1]", "list[1]"),
        ("list[1..3]", "list[1..3]"),
        ("list[..2]", "list[..2]"),
        ("list[-2..]", "list[-2..]"),
        ("n.a.b", "n.a.b"),
        ("{name: 'x', n: 1}", "{name:'x' n:1}"),
        ("[]", "[]"),
        ("count(*)", "count(*)"),
        ("count(DISTINCT p)", "count(DISTINCT p)"),
        ("coalesce(n.x, 0)", "coalesce(n.x 0)"),
        ("[x IN range(1, 5) WHERE x % 2 = 0 | x * 10]", "[x in range(1 5) where (= (% x 2) 0) | (* x 10)]"),
        ("[x IN xs]", "[x in xs where _ | _]"),
        ("all(x IN xs WHERE x > 0)", "all(x in xs where (> x 0))"),
        ("CASE n.kind WHEN 'Lab' THEN 1 ELSE 0 END", "(case n.kind 'Lab'->1 else 0)"),
        ("CASE WHEN a THEN 'x' WHEN b THEN 'y' END", "(case _ a->'x' b->'y' else _)"),
        ("$param.key", "$param.key"),
        ("null", "null"),
        ("`weird name`.x", "weird name.x"),
    ]

    @Test(arguments: shapes)
    func expressionsParseWithOpenCypherPrecedence(text: String, shape: String) throws {
        #expect(Self.render(try ExpressionParser.parse(text)) == shape)
    }

    @Test func nodesKnowWhereTheyStart() throws {
        let e = try ExpressionParser.parse("1 +\n  n.name")
        guard case .binary(_, let left, let right) = e.kind else {
            Issue.record("not binary")
            return
        }
        #expect(e.location.line == 1 && e.location.column == 3)
        #expect(left.location.column == 1)
        #expect(right.location.line == 2 && right.location.column == 3)
    }

    static let errors: [(String, Int, Int, String)] = [
        ("1 +", 1, 4, "expected an expression, found the end of the query"),
        ("(1 + 2", 1, 7, "expected ')' to close the parenthesis"),
        ("[1, 2", 1, 6, "expected ']' to close the list"),
        ("{a 1}", 1, 4, "expected ':' after the map key"),
        ("CASE WHEN a THEN 1", 1, 19, "expected END"),
        ("CASE 1 END", 1, 8, "expected WHEN"),
        ("n.", 1, 3, "expected a property name after '.'"),
        ("all(x IN xs)", 1, 12, "expected WHERE"),
        ("x IS NOT 3", 1, 10, "expected NULL"),
        ("1 2", 1, 3, "expected the end of the expression"),
        ("9223372036854775808 + 1", 1, 1, "does not fit in 64 bits"),
    ]

    @Test(arguments: errors)
    func syntaxErrorsPointAtTheToken(text: String, line: Int, column: Int, phrase: String) {
        let error = #expect(throws: QueryError.self) { _ = try ExpressionParser.parse(text) }
        #expect(error?.code == .syntaxError)
        #expect(error?.location?.line == line)
        #expect(error?.location?.column == column, "\(error?.description ?? "")")
        #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "")")
    }
}
