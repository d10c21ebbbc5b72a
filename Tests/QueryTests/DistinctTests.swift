import EventLog
import Graph
import TestSupport
import Testing

@testable import Query

/// The tables DISTINCT keeps: rows of values by openCypher's equivalence (DistinctRows and its fast
/// hash), elements by handle (ElementSet). Each is checked against the plain definition.
struct DistinctTests {
    /// The first row of each equivalence class, found the slow way: every row against every kept one.
    private func reference(_ rows: [[Value]]) -> [[Value]] {
        var kept: [[Value]] = []
        for row in rows where !kept.contains(where: { DistinctRows.equivalent($0, row) }) { kept.append(row) }
        return kept
    }

    private func distinct(_ rows: [[Value]]) -> [[Value]] { DistinctRows.distinct(rows) }

    private func same(_ a: [[Value]], _ b: [[Value]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { DistinctRows.equivalent($0, $1) }
    }

    @Test func equivalentValuesAreOneRow() {
        let nan = Value.float(.nan)
        let rows: [[Value]] = [
            [.integer(1)], [.float(1.0)], [.float(0.0)], [.float(-0.0)], [.integer(0)], [nan], [nan], [.null], [.null],
            // Canonically equivalent strings are equal in Swift, so in Cypher here: é precomposed and
            // decomposed, and the three characters whose canonical form is ASCII.
            [.string("é")], [.string("e\u{301}")], [.string("K")], [.string("\u{212A}")], [.string("a;b")], [.string("a\u{37E}b")],
            [.string("`")], [.string("\u{1FEF}")], [.string("Ångström")], [.string("\u{212B}ngstr\u{F6}m")],
            [.string("a longer name than sixteen bytes")], [.string("a longer name than sixteen bytes")],
            [.map([("a", .integer(1)), ("b", .integer(2))])], [.map([("b", .float(2)), ("a", .integer(1))])],
            [.list([.integer(1), .string("x")])], [.list([.float(1), .string("x")])], [.list([])],
            [.integer(1), .string("x")], [.float(1), .string("x")], [.string("x"), .integer(1)],
        ]
        let kept = distinct(rows)
        #expect(same(kept, reference(rows)))
        #expect(kept.count == 15)
    }

    @Test func randomRowsKeepWhatTheDefinitionKeeps() throws {
        var state = GraphState()
        for seq in 1...4 {
            try state.apply(Event(.entityCreated(id: "n:\(seq)", kind: "Thing", properties: Properties(), labels: [])), at: UInt64(seq))
        }
        let nodes = Array(state.current.nodes)
        var random = SplitMix(seed: 7)
        let strings = ["", "a", "K", "\u{212A}", "é", "e\u{301}", "abcdefgh", "abcdefghi", "ÅÅ", "日本", "x;y", "x\u{37E}y"]
        func value(_ depth: Int) -> Value {
            switch random.below(depth > 1 ? 7 : 9) {
            case 0: .null
            case 1: .boolean(random.below(2) == 0)
            case 2: .integer(Int64(random.below(5)) - 2)
            case 3: .float([0.0, -0.0, 1.0, 2.5, .nan, -2.0][random.below(6)])
            case 4, 5: .string(strings[random.below(strings.count)])
            case 6: .node(nodes[random.below(nodes.count)])
            case 7: .list((0..<random.below(3)).map { _ in value(depth + 1) })
            default: .map((0..<random.below(3)).map { index in (["a", "b", "c"][index], value(depth + 1)) })
            }
        }
        for _ in 0..<20 {
            let rows = (0..<300).map { _ in (0..<(1 + random.below(2))).map { _ in value(0) } }
            #expect(same(distinct(rows), reference(rows)))
        }
    }

    @Test func elementSetsAgreeWithSets() {
        var random = SplitMix(seed: 11)
        var fast = ElementSet()
        var plain = Set<UInt64>()
        for _ in 0..<20_000 {
            // Nodes and relationships (top bit set) from a small range, so that many repeat; 0 included.
            let handle = UInt64(random.below(6_000))
            let key = random.below(2) == 0 ? handle : handle | 1 << 63
            #expect(fast.insert(key) == plain.insert(key).inserted)
        }
        #expect(fast.count == plain.count)
        #expect(plain.allSatisfy(fast.contains))
        #expect(!fast.contains(6_000) && !fast.contains(1 << 63 | 6_001))
    }

    @Test func queriesAnswerDistinctRowsByEquivalence() throws {
        let view = GraphState().current
        let query = "UNWIND $values AS x RETURN DISTINCT x"
        let values: [Value] = [.string("K"), .string("\u{212A}"), .integer(2), .float(2), .string("k")]
        let result = try Executor(view: view, parameters: ["values": .list(values)]).run(Parser.parse(query))
        #expect(result.rows.count == 3)
    }
}
