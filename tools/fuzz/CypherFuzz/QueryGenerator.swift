// Random queries for fuzzing the Cypher front end: from the grammar (clauses, patterns, expressions of
// every kind, nested up to and past the parser's limit), as token soup, and as grammar output with a
// few characters changed. Seeded, so a crash reproduces with its seed and index.

/// Makes random query texts.
struct QueryGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    /// A number in 0..<n (xorshift64*: fast, and plenty for fuzzing).
    mutating func below(_ n: Int) -> Int {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return Int((state &* 0x2545_F491_4F6C_DD1D) >> 33) % max(n, 1)
    }

    private mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    private mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// The next query: mostly from the grammar, some token soup, some mutated, a few nested deep.
    mutating func next() -> String {
        switch below(20) {
        case 0: return soup()
        case 1, 2: return mutate(query())
        case 3: return deep()
        default: return query()
        }
    }

    mutating func query() -> String {
        var parts = [singleQuery()]
        while chance(10) { parts.append(pick(["UNION", "UNION ALL"]) + " " + singleQuery()) }
        let prefix = chance(4) ? pick(["EXPLAIN ", "PROFILE ", "explain "]) : ""
        return prefix + (chance(5) ? "AS OF \(expression(1)) " : "") + parts.joined(separator: " ")
    }

    private mutating func singleQuery() -> String {
        var clauses: [String] = []
        for _ in 0..<(1 + below(4)) { clauses.append(readingClause()) }
        if chance(20) { clauses.append(updatingClause()) }
        if chance(85) { clauses.append("RETURN " + projection()) }
        return clauses.joined(separator: " ")
    }

    private mutating func readingClause() -> String {
        switch below(6) {
        case 0, 1:
            let parts = (0..<(1 + below(3))).map { _ in patternPart() }.joined(separator: ", ")
            return (chance(20) ? "OPTIONAL " : "") + "MATCH " + parts + (chance(50) ? " WHERE " + expression(3) : "")
        case 2: return "UNWIND " + expression(2) + " AS " + variable()
        case 3: return "WITH " + projection() + (chance(30) ? " WHERE " + expression(2) : "")
        case 4: return "CALL " + pick(["db.labels()", "db.schema()", "algo.degree()", "algo.pageRank({maxIterations: 2})", "nope.x()"])
        default: return "MATCH " + patternPart()
        }
    }

    private mutating func updatingClause() -> String {
        switch below(6) {
        case 0: return "CREATE " + patternPart()
        case 1: return "MERGE " + patternPart() + (chance(50) ? " ON CREATE SET \(variable()).\(key()) = \(expression(1))" : "")
        case 2: return "SET " + variable() + pick([".\(key()) = \(expression(2))", " = {a: 1}", " += {b: 2}", ":Lab"])
        case 3: return "REMOVE " + variable() + pick([".\(key())", ":Lab"])
        case 4: return pick(["DELETE ", "DETACH DELETE "]) + variable()
        default: return "SET " + variable() + ".\(key()) = null"
        }
    }

    private mutating func projection() -> String {
        var text = chance(10) ? "DISTINCT " : ""
        text +=
            chance(10)
            ? "*" : (0..<(1 + below(3))).map { _ in expression(3) + (chance(40) ? " AS " + variable() : "") }.joined(separator: ", ")
        if chance(20) { text += " ORDER BY " + expression(2) + pick(["", " DESC", " ASC"]) }
        if chance(10) { text += " SKIP " + expression(1) }
        if chance(15) { text += " LIMIT " + expression(1) }
        return text
    }

    private mutating func patternPart() -> String {
        let element = nodePattern() + (0..<below(4)).map { _ in relationshipPattern() + nodePattern() }.joined()
        switch below(10) {
        case 0: return "p = shortestPath(\(nodePattern())-[*..\(below(6))]-\(nodePattern()))"
        case 1: return "p = " + element
        default: return element
        }
    }

    private mutating func nodePattern() -> String {
        var text = "(" + (chance(70) ? variable() : "")
        for _ in 0..<below(3) { text += ":" + pick(["Person", "Lab", "Institution", "X", "`odd label`"]) }
        if chance(25) { text += " {\(key()): \(expression(1))}" }
        return text + ")"
    }

    private mutating func relationshipPattern() -> String {
        var inner = chance(50) ? variable() : ""
        if chance(50) { inner += ":" + pick(["MEMBER_OF", "WORKS_AT", "A|B", "A|:B"]) }
        if chance(20) { inner += pick(["*", "*2", "*1..3", "*..4", "*0..", "*5..2"]) }
        if chance(10) { inner += " {\(key()): \(expression(1))}" }
        let body = chance(15) ? "" : "[\(inner)]"
        return pick(["-\(body)->", "<-\(body)-", "-\(body)-"])
    }

    /// An expression up to `depth` levels.
    mutating func expression(_ depth: Int) -> String {
        guard depth > 0, chance(60) else { return atom() }
        let d = depth - 1
        switch below(14) {
        case 0: return "\(expression(d)) \(pick(["+", "-", "*", "/", "%", "^"])) \(expression(d))"
        case 1: return "\(expression(d)) \(pick(["=", "<>", "<", "<=", ">", ">=", "=~"])) \(expression(d))"
        case 2: return "\(expression(d)) \(pick(["AND", "OR", "XOR"])) \(expression(d))"
        case 3: return "NOT \(expression(d))"
        case 4: return "(\(expression(d)))"
        case 5: return "[" + (0..<below(4)).map { _ in expression(d) }.joined(separator: ", ") + "]"
        case 6: return "{" + (0..<below(3)).map { _ in "\(key()): \(expression(d))" }.joined(separator: ", ") + "}"
        case 7: return "CASE WHEN \(expression(d)) THEN \(expression(d)) ELSE \(expression(d)) END"
        case 8:
            let name = pick([
                "count", "collect", "sum", "size", "toUpper", "coalesce", "range", "head", "keys", "id", "labels", "abs", "nope",
            ])
            return "\(name)(\(chance(10) ? "DISTINCT " : "")\(expression(d)))"
        case 9: return "[x IN \(expression(d)) WHERE \(expression(d)) | \(expression(d))]"
        case 10: return "\(pick(["all", "any", "none", "single"]))(x IN \(expression(d)) WHERE \(expression(d)))"
        case 11: return "\(expression(d))\(pick([".name", "[0]", "[1..2]", " IS NULL", " IS NOT NULL", ":Lab"]))"
        case 12: return "\(expression(d)) \(pick(["STARTS WITH", "ENDS WITH", "CONTAINS", "IN"])) \(expression(d))"
        default: return "exists(\(nodePattern())\(relationshipPattern())\(nodePattern()))"
        }
    }

    private mutating func atom() -> String {
        switch below(9) {
        case 0: return String(below(1000) - 500)
        case 1:
            return pick(["1.5", "1e308", "-0.0", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "0x1F", "1e400"])
        case 2: return pick(["'text'", "\"x\"", "'\\u00e9'", "'\\'quoted\\''", "''", "'\\uZZZZ'"])
        case 3: return pick(["null", "true", "false"])
        case 4: return "$" + pick(["p", "id", "x"])
        case 5: return "count(*)"
        default: return variable()
        }
    }

    private mutating func variable() -> String { pick(["a", "b", "n", "p", "r", "x", "`weird var`"]) }
    private mutating func key() -> String { pick(["name", "id", "x", "`odd key`"]) }

    /// Tokens in any order: what a fuzzer that knows the words but not the grammar sends.
    private mutating func soup() -> String {
        let tokens = [
            "MATCH", "RETURN", "WITH", "WHERE", "(", ")", "[", "]", "{", "}", "-", "->", "<-", ":", ",", ".", "*", "..", "|", "=", "AND",
            "OR", "NOT", "CASE", "WHEN", "THEN", "END", "UNION", "a", "1", "'s'", "$p", "AS", "OF", "CALL", "YIELD", "CREATE", "SET",
        ]
        return (0..<(1 + below(30))).map { _ in pick(tokens) }.joined(separator: " ")
    }

    /// A query nested deep in one way, around the parser's limit.
    private mutating func deep() -> String {
        let n = pick([10, 500, 998, 999, 1000, 1001, 5000])
        let (open, middle, close) = pick([
            ("(", "1", ")"), ("[", "1", "]"), ("{a: ", "1", "}"), ("NOT ", "true", ""), ("-", "1", ""), ("abs(", "1", ")"),
            ("CASE WHEN true THEN ", "1", " END"), ("[x IN ", "[1]", " | x]"), ("({a: ", "1", "})"),
        ])
        if chance(20) {
            return "RETURN " + Array(repeating: expression(1), count: n).joined(separator: pick([" + ", " AND ", " < ", " OR "]))
        }
        return "RETURN " + String(repeating: open, count: n) + middle + String(repeating: close, count: n)
    }

    /// `text` with one to three characters removed, inserted or swapped.
    private mutating func mutate(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        let alphabet = Array("()[]{}-<>:,.*|'\"`$\\ 0aZ\u{0}\u{FFFF}é".unicodeScalars)
        for _ in 0..<(1 + below(3)) where !scalars.isEmpty {
            let at = below(scalars.count)
            switch below(3) {
            case 0: scalars.remove(at: at)
            case 1: scalars.insert(pick(alphabet), at: at)
            default: scalars.swapAt(at, below(scalars.count))
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }
}
