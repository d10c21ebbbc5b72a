// Random JSON texts for fuzzing the readers: events and query bodies from their grammar, deep nests,
// numbers at the edges, bad escapes and lone surrogates, and valid texts with a character changed.

/// Makes random JSON-ish texts.
struct JSONGenerator {
    private var numbers: QueryGenerator

    init(seed: UInt64) { numbers = QueryGenerator(seed: seed &+ 7) }

    private mutating func pick<T>(_ items: [T]) -> T { items[numbers.below(items.count)] }

    mutating func next() -> String {
        switch numbers.below(10) {
        case 0: return deep()
        case 1: return mutate(event())
        case 2: return value(4)
        default: return event()
        }
    }

    private mutating func event() -> String {
        var members: [String] = []
        if numbers.below(10) > 0 {
            members.append(
                "\"type\": \(pick(["\"entity.created\"", "\"relation.added\"", "\"entity.updated\"", "\"schema.defined\"", "1"]))")
        }
        if numbers.below(10) > 0 { members.append("\"id\": \(pick(["\"person:x\"", "\"\"", "\"lab:\\ud800\"", "null", "[]"]))") }
        if numbers.below(2) == 0 { members.append("\"kind\": \(pick(["\"Person\"", "\"Lab\"", "0"]))") }
        if numbers.below(2) == 0 { members.append("\"props\": \(value(3))") }
        if numbers.below(3) == 0 { members.append("\"from\": \"person:x\", \"to\": \"lab:y\", \"rel\": \"MEMBER_OF\"") }
        if numbers.below(2) == 0 { members.append("\"source\": \"https://example.org\"") }
        if numbers.below(5) == 0 { members.append("\(value(1)): \(value(1))") }
        return "{" + members.joined(separator: ", ") + "}"
    }

    private mutating func value(_ depth: Int) -> String {
        guard depth > 0, numbers.below(3) > 0 else { return scalar() }
        if numbers.below(2) == 0 { return "[" + (0..<numbers.below(4)).map { _ in value(depth - 1) }.joined(separator: ",") + "]" }
        return "{" + (0..<numbers.below(4)).map { _ in "\"k\(numbers.below(5))\": \(value(depth - 1))" }.joined(separator: ",") + "}"
    }

    private mutating func scalar() -> String {
        pick([
            "0", "-0", "1e308", "1e309", "-1e-400", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "0.1",
            "01", "1.", ".5", "true", "false", "null", "\"\"", "\"a\\u00e9\"", "\"\\ud800\"", "\"\\udc00\\ud800\"", "\"\\x\"", "\"\u{0}\"",
            "\"tab\there\"", "NaN", "Infinity",
        ])
    }

    private mutating func deep() -> String {
        let n = pick([64, 65, 255, 256, 257, 10_000])
        return numbers.below(2) == 0
            ? String(repeating: "[", count: n) + String(repeating: "]", count: n)
            : "{\"props\": " + String(repeating: "{\"a\": ", count: n) + "1" + String(repeating: "}", count: n + 1)
    }

    private mutating func mutate(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return text }
        let at = numbers.below(scalars.count)
        switch numbers.below(3) {
        case 0: scalars.remove(at: at)
        case 1: scalars.insert(pick(Array("{}[]\",:\\ 0e-.".unicodeScalars)), at: at)
        default: scalars.swapAt(at, numbers.below(scalars.count))
        }
        return String(String.UnicodeScalarView(scalars))
    }
}
