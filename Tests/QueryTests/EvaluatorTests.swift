import EventLog
import Graph
import Testing

@testable import Query

/// Expressions evaluated on one row, with the answers openCypher gives.
struct EvaluatorTests {
    struct Row: Bindings {
        var values: [String: Value] = [:]
        func value(of name: String) -> Value? { values[name] }
    }

    static let graph: GraphState = {
        var state = GraphState()
        let events: [Event] = [
            Event(.entityCreated(id: "p:a", kind: "Person", properties: Properties([("name", "Ann"), ("h", 7)]), labels: ["Researcher"])),
            Event(.entityCreated(id: "lab:x", kind: "Lab", properties: Properties([("name", "X")]), labels: [])),
            Event(.relationAdded(id: "r:1", type: "MEMBER_OF", from: "p:a", to: "lab:x", properties: Properties([("role", "PI")]))),
        ]
        for (i, event) in events.enumerated() {
            state.recordTime(Timestamp(milliseconds: 1_000 * Int64(i + 1)), from: UInt64(i + 1))
            try! state.apply(event, at: UInt64(i + 1))
        }
        return state
    }()

    private func evaluate(_ text: String, _ values: [String: Value] = [:], parameters: [String: Value] = [:]) throws -> Value {
        try Evaluator(view: Self.graph.current, parameters: parameters).evaluate(ExpressionParser.parse(text), Row(values: values))
    }

    private func render(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .boolean(let b): "\(b)"
        case .integer(let n): "\(n)"
        case .float(let x): x.isNaN ? "NaN" : "\(x)"
        case .string(let s): "'\(s)'"
        case .list(let items): "[" + items.map(render).joined(separator: ", ") + "]"
        case .map(let entries): "{" + entries.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
        case .node(let n): "node(\(Self.graph.current.id(of: n)))"
        case .relationship(let r): "rel(\(Self.graph.current.id(of: r)))"
        case .path(let p): "path(\(p.nodes.count))"
        case .temporal(let t): "\(t.kind.rawValue)(\(t.iso8601))"
        }
    }

    static let cases: [(String, String)] = [
        ("1 + 2 * 3", "7"),
        ("7 / 2", "3"),
        ("-7 / 2", "-3"),
        ("7 % 3", "1"),
        ("7 / 2.0", "3.5"),
        ("2 ^ 3", "8.0"),
        ("1 + null", "null"),
        ("'a' + 1", "'a1'"),
        ("[1] + [2, 3] + 4", "[1, 2, 3, 4]"),
        ("true AND null", "null"),
        ("false AND null", "false"),
        ("true OR null", "true"),
        ("null XOR true", "null"),
        ("NOT null", "null"),
        ("1 = 1.0", "true"),
        ("1 < 'a'", "null"),
        ("2 IN [1, 2]", "true"),
        ("3 IN [1, null]", "null"),
        ("null IN []", "false"),
        ("'Carl' STARTS WITH 'Ca'", "true"),
        ("'Carl' =~ 'C.*l'", "true"),
        ("'Carl' =~ 'C'", "false"),
        ("[1, 2, 3][-1]", "3"),
        ("[1, 2, 3][5]", "null"),
        ("[1, 2, 3, 4][1..-1]", "[2, 3]"),
        ("[1, 2, 3][..10]", "[1, 2, 3]"),
        ("{a: {b: 2}}.a.b", "2"),
        ("{a: 1}.missing", "null"),
        ("CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END", "'two'"),
        ("CASE WHEN false THEN 1 END", "null"),
        ("[x IN range(1, 6) WHERE x % 2 = 0 | x * x]", "[4, 16, 36]"),
        ("all(x IN [1, 2] WHERE x > 0)", "true"),
        ("any(x IN [1, null] WHERE x > 1)", "null"),
        ("none(x IN [] WHERE x > 1)", "true"),
        ("single(x IN [1, 2, 3] WHERE x > 2)", "true"),
        ("coalesce(null, null, 3)", "3"),
        ("size('héllo')", "5"),
        ("toUpper('ab') + toLower('CD')", "'ABcd'"),
        ("trim('  x  ')", "'x'"),
        ("split('a,b,,c', ',')", "['a', 'b', '', 'c']"),
        ("substring('kennis', 1, 3)", "'enn'"),
        ("replace('a-b-c', '-', '+')", "'a+b+c'"),
        ("toInteger('42')", "42"),
        ("toInteger(3.9)", "3"),
        ("toInteger('x')", "null"),
        ("toFloat('1.5')", "1.5"),
        ("toBoolean('TRUE')", "true"),
        ("toString(2.0)", "'2.0'"),
        ("abs(-3)", "3"),
        ("round(2.5)", "3.0"),
        ("round(-2.5)", "-2.0"),
        ("sign(-0.5)", "-1"),
        ("sqrt(16)", "4.0"),
        ("head([1, 2])", "1"),
        ("last([])", "null"),
        ("tail([1, 2, 3])", "[2, 3]"),
        ("reverse([1, 2])", "[2, 1]"),
        ("range(10, 1, -4)", "[10, 6, 2]"),
        ("0.0 / 0.0", "NaN"),
    ]

    @Test(arguments: cases)
    func expressionsEvaluateAsOpenCypherSays(text: String, expected: String) throws {
        #expect(render(try evaluate(text)) == expected)
    }

    @Test func nodesAndRelationshipsAnswerFromTheView() throws {
        let view = Self.graph.current
        let a = Value.node(view.node(id: "p:a")!)
        let r = Value.relationship(view.relationship(id: "r:1")!)
        #expect(render(try evaluate("n.name", ["n": a])) == "'Ann'")
        #expect(render(try evaluate("n['h'] + 1", ["n": a])) == "8")
        #expect(render(try evaluate("n.missing", ["n": a])) == "null")
        #expect(render(try evaluate("id(n)", ["n": a])) == "'p:a'")
        #expect(render(try evaluate("labels(n)", ["n": a])) == "['Person', 'Researcher']")
        #expect(render(try evaluate("keys(n)", ["n": a])) == "['h', 'name']")
        #expect(render(try evaluate("type(r) + ':' + r.role", ["r": r])) == "'MEMBER_OF:PI'")
        #expect(render(try evaluate("endNode(r)", ["r": r])) == "node(lab:x)")
        #expect(render(try evaluate("properties(r)", ["r": r])) == "{role: 'PI'}")
        #expect(render(try evaluate("createdSeq(r)", ["r": r])) == "3")
        #expect(render(try evaluate("createdAt(r)", ["r": r])) == "datetime(1970-01-01T00:00:03Z)")
        #expect(render(try evaluate("updatedAt(n) < createdAt(r)", ["n": a, "r": r])) == "true")
        #expect(render(try evaluate("$who", parameters: ["who": .string("x")])) == "'x'")
    }

    static let errors: [(String, QueryError.Code, String)] = [
        ("9223372036854775807 + 1", .arithmeticError, "integer overflow"),
        ("1 / 0", .arithmeticError, "division by zero"),
        ("1 % 0", .arithmeticError, "division by zero"),
        ("'a' - 1", .typeError, "cannot be applied to a STRING and an INTEGER"),
        ("1 AND true", .typeError, "expected a BOOLEAN"),
        ("nobody", .semanticError, "variable `nobody` is not defined"),
        ("$missing", .parameterMissing, "parameter $missing"),
        ("count(*)", .semanticError, "aggregate"),
        ("sum(1)", .semanticError, "aggregate"),
        ("frobnicate(1)", .unsupportedFeature, "frobnicate()"),
        ("toUpper(1)", .typeError, "toUpper() expects"),
        ("range(1, 2, 0)", .argumentError, "step"),
        ("'a' =~ '('", .semanticError, "invalid regular expression"),
        ("[1][1..'x']", .typeError, "slice bound"),
        ("5.name", .typeError, "cannot read the property"),
    ]

    @Test(arguments: errors)
    func errorsHaveTheirCodeAndPlace(text: String, code: QueryError.Code, phrase: String) {
        let error = #expect(throws: QueryError.self) { _ = try evaluate(text) }
        #expect(error?.code == code, "\(error?.description ?? "")")
        #expect(error?.message.contains(phrase) == true, "\(error?.message ?? "")")
        #expect(error?.location != nil)
    }
}
