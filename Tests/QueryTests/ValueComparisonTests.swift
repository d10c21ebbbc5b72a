import Testing

@testable import Query

/// The four comparisons of openCypher, on the cases the TCK spells out.
struct ValueComparisonTests {
    static let equalityCases: [(Value, Value, Bool?)] = [
        (.integer(1), .float(1.0), true),
        (.integer(1), .integer(2), false),
        (.string("a"), .integer(1), false),
        (.null, .null, nil),
        (.integer(1), .null, nil),
        (.float(.nan), .float(.nan), false),
        (.list([.integer(1), .null]), .list([.integer(1), .null]), nil),
        (.list([.integer(1), .null]), .list([.integer(2), .null]), false),
        (.list([.integer(1)]), .list([.integer(1), .integer(2)]), false),
        (.map([("a", .integer(1))]), .map([("a", .float(1))]), true),
        (.map([("a", .integer(1))]), .map([("b", .integer(1))]), false),
    ]

    @Test(arguments: equalityCases)
    func equality(a: Value, b: Value, expected: Bool?) {
        #expect(a.equals(b) == expected)
        #expect(b.equals(a) == expected)
    }

    static let comparisonCases: [(Value, Value, ComparisonResult?)] = [
        (.integer(1), .float(1.5), .less),
        (.string("b"), .string("a"), .greater),
        (.boolean(false), .boolean(true), .less),
        (.string("1"), .integer(1), nil),
        (.integer(1), .null, nil),
        (.float(.nan), .integer(1), nil),
        (.list([.integer(1), .integer(2)]), .list([.integer(1), .integer(3)]), .less),
        (.list([.integer(1)]), .list([.integer(1), .integer(0)]), .less),
    ]

    @Test(arguments: comparisonCases)
    func comparison(a: Value, b: Value, expected: ComparisonResult?) {
        #expect(a.compare(b) == expected)
    }

    @Test func orderByIsATotalOrderAcrossTypes() {
        let values: [Value] = [
            .null, .integer(2), .float(.nan), .float(1.5), .boolean(true), .boolean(false), .string("b"), .string("a"),
            .list([.integer(1)]), .map([("k", .integer(1))]), .integer(-3),
        ]
        let sorted = values.sorted { $0.orderedBefore($1) }
        #expect(
            sorted.map(\.typeName) == [
                "MAP", "LIST", "STRING", "STRING", "BOOLEAN", "BOOLEAN", "INTEGER", "FLOAT", "INTEGER", "FLOAT", "NULL",
            ])
        #expect(sorted[2].equals(.string("a")) == true)
        #expect(sorted[4].equals(.boolean(false)) == true)
        #expect(sorted[6].equals(.integer(-3)) == true)
        if case .float(let x) = sorted[9] { #expect(x.isNaN) } else { Issue.record("NaN is not after the other numbers") }
    }

    @Test func equivalenceGroupsNullsAndNaNs() {
        #expect(Value.null.isEquivalent(to: .null))
        #expect(Value.float(.nan).isEquivalent(to: .float(.nan)))
        #expect(Value.list([.null, .integer(1)]).isEquivalent(to: .list([.null, .float(1)])))
        #expect(!Value.integer(1).isEquivalent(to: .string("1")))
    }
}
