// The scalar functions of docs/query.md. Each takes evaluated arguments; null in gives null out
// unless the function is about nulls (coalesce). Aggregates (count, collect, sum, avg, min, max) are
// folded by the executor and are not here.
import EventLog
import Graph

#if canImport(Glibc)
    import Glibc
#endif

enum Functions {
    static let aggregates: Set<String> = ["count", "collect", "sum", "avg", "min", "max", "percentiledisc", "percentilecont"]

    /// The scalar functions `call` knows, lowercased (the binder refuses any other name before a query runs).
    static let scalars: Set<String> = Set([
        "id", "elementid", "labels", "type", "properties", "keys", "startnode", "endnode", "nodes", "relationships", "length", "size",
        "createdat", "updatedat", "createdseq", "head", "last", "tail", "reverse", "tolower", "toupper", "trim", "ltrim", "rtrim",
        "split", "substring", "replace", "tostring", "tointeger", "tofloat", "toboolean", "abs", "sign", "round", "floor", "ceil",
        "sqrt", "coalesce", "exists", "rand", "range",
    ]).union(temporalFunctions).union(durationFunctions).union(validTimeFunctions).union(provenanceFunctions)

    /// Functions of openCypher and Neo4j that Kennis does not have yet: an UnsupportedFeature, where
    /// any other unknown name is a SyntaxError (UnknownFunction).
    static let notYetSupported: Set<String> = [
        "timestamp", "e", "pi", "exp", "log", "log10", "sin", "cos",
        "tan", "cot", "asin", "acos", "atan", "atan2", "degrees", "radians", "haversin", "left", "right", "stdev", "stdevp",
        "tostringornull", "tointegerornull", "tofloatornull", "tobooleanornull", "randomuuid", "isempty", "isnan", "char_length",
        "character_length", "normalize", "valuetype",
    ]

    static func call(_ name: String, _ args: [Value], evaluator: Evaluator, at: SourceLocation) throws(QueryError) -> Value {
        // Most names are written in lower case already: no new string for them.
        let lower = name.utf8.contains(where: { (65...90).contains($0) }) ? name.lowercased() : name
        if aggregates.contains(lower) {
            throw QueryError(.semanticError, "\(name)() is an aggregate: it cannot be evaluated on one row", at: at)
        }
        func arity(_ n: ClosedRange<Int>) throws(QueryError) {
            guard n.contains(args.count) else {
                let expected = n.lowerBound == n.upperBound ? "\(n.lowerBound)" : "\(n.lowerBound) to \(n.upperBound)"
                throw QueryError(
                    .semanticError, "\(name)() takes \(expected) argument\(n.upperBound == 1 ? "" : "s"), got \(args.count)", at: at)
            }
        }
        func typeError(_ expected: String, _ value: Value) -> QueryError {
            QueryError(.typeError, "\(name)() expects \(expected), got \(value.typeName)", at: at)
        }
        if lower == "coalesce" { return args.first { !$0.isNull } ?? .null }
        if lower == "exists" {
            // exists(a.key): whether the property is there (exists of a pattern is the evaluator's).
            try arity(1...1)
            return .boolean(!args[0].isNull)
        }
        if lower == "rand" {
            try arity(0...0)
            return .float(Double.random(in: 0..<1))
        }
        if lower == "range" {
            try arity(2...3)
            let range = try IntegerRange(args, at: at)
            return .list((0..<range.count).map { .integer(range[$0]) })
        }
        if temporalFunctions.contains(lower) { return try temporal(lower, args, evaluator: evaluator, at: at) }
        if durationFunctions.contains(lower) { return try duration(lower, args, at: at) }
        if validTimeFunctions.contains(lower) { return try validTime(lower, args, evaluator: evaluator, at: at) }
        if provenanceFunctions.contains(lower) { return try provenance(lower, args, evaluator: evaluator, at: at) }
        try arity(1...3)
        let value = args[0]
        if value.isNull { return .null }
        let view = evaluator.view
        switch (lower, value) {
        case ("id", .node(let n)), ("elementid", .node(let n)): return .string(view.id(of: n))
        case ("id", .relationship(let r)), ("elementid", .relationship(let r)): return .string(view.id(of: r))
        case ("labels", .node(let n)):
            try evaluator.checkLive(value, at: at)
            return .list(view.labels(of: n).map(Value.string))
        case ("type", .relationship(let r)): return .string(view.type(of: r))
        case ("properties", .node(let n)): return map(view.properties(of: n))
        case ("properties", .relationship(let r)): return map(view.properties(of: r))
        case ("properties", .map): return value
        case ("keys", .node(let n)): return .list(view.properties(of: n).map { .string($0.key) })
        case ("keys", .relationship(let r)): return .list(view.properties(of: r).map { .string($0.key) })
        case ("keys", .map(let entries)): return .list(entries.map { .string($0.key) })
        case ("startnode", .relationship(let r)): return .node(view.start(of: r))
        case ("endnode", .relationship(let r)): return .node(view.end(of: r))
        case ("nodes", .path(let p)): return .list(p.nodes.map(Value.node))
        case ("relationships", .path(let p)): return .list(p.relationships.map(Value.relationship))
        case ("length", .path(let p)): return .integer(Int64(p.relationships.count))
        case ("size", .list(let items)), ("length", .list(let items)): return .integer(Int64(items.count))
        case ("size", .string(let s)), ("length", .string(let s)): return .integer(Int64(s.count))
        case ("createdat", .node(let n)): return view.createdAt(of: n).map(dateTime) ?? .null
        case ("createdat", .relationship(let r)): return view.createdAt(of: r).map(dateTime) ?? .null
        case ("updatedat", .node(let n)): return view.updatedAt(of: n).map(dateTime) ?? .null
        case ("updatedat", .relationship(let r)): return view.updatedAt(of: r).map(dateTime) ?? .null
        case ("createdseq", .node(let n)): return .integer(Int64(view.createdSeq(of: n)))
        case ("createdseq", .relationship(let r)): return .integer(Int64(view.createdSeq(of: r)))
        case ("head", .list(let items)): return items.first ?? .null
        case ("last", .list(let items)): return items.last ?? .null
        case ("tail", .list(let items)): return .list(Array(items.dropFirst()))
        case ("reverse", .list(let items)): return .list(items.reversed())
        case ("reverse", .string(let s)): return .string(String(s.reversed()))
        case ("tolower", .string(let s)): return .string(s.lowercased())
        case ("toupper", .string(let s)): return .string(s.uppercased())
        case ("trim", .string(let s)): return .string(s.trimmingSpaces())
        case ("ltrim", .string(let s)): return .string(String(s.drop { $0 == " " }))
        case ("rtrim", .string(let s)): return .string(String(s.reversed().drop { $0 == " " }.reversed()))
        case ("split", .string(let s)):
            try arity(2...2)
            guard case .string(let separator) = args[1] else { return args[1].isNull ? .null : .list([]) }
            return .list(s.split(separator: separator, omittingEmptySubsequences: false).map { .string(String($0)) })
        case ("substring", .string(let s)):
            try arity(2...3)
            guard case .integer(let start) = args[1] else { throw typeError("an INTEGER start", args[1]) }
            let characters = Array(s)
            let from = Int(max(0, min(Int64(characters.count), start)))
            var to = characters.count
            if args.count == 3 {
                guard case .integer(let length) = args[2], length >= 0 else { throw typeError("a non-negative INTEGER length", args[2]) }
                to = Int(min(Int64(characters.count), Int64(from) + length))
            }
            return .string(String(characters[from..<max(from, to)]))
        case ("replace", .string(let s)):
            try arity(3...3)
            guard case .string(let search) = args[1], case .string(let replacement) = args[2] else { return .null }
            return .string(search.isEmpty ? s : s.replacing(search, with: replacement))
        case ("tostring", _): return try toString(value, typeError)
        case ("tointeger", _): return try toInteger(value, typeError)
        case ("tofloat", _): return try toFloat(value, typeError)
        case ("toboolean", .boolean): return value
        case ("toboolean", .string(let s)):
            switch s.lowercased() {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: return .null
            }
        case ("abs", .integer(let n)):
            guard n != .min else { throw QueryError(.arithmeticError, "integer overflow in abs(\(n))", at: at) }
            return .integer(Swift.abs(n))
        case ("abs", .float(let x)): return .float(Swift.abs(x))
        case ("sign", .integer(let n)): return .integer(n.signum())
        case ("sign", .float(let x)): return .integer(x > 0 ? 1 : x < 0 ? -1 : 0)
        case ("round", _), ("floor", _), ("ceil", _), ("sqrt", _):
            guard let x = value.asDouble else { throw typeError("a number", value) }
            switch lower {
            case "round": return .float((x + 0.5).rounded(.down))  // half up, as Java's Math.round (and Neo4j)
            case "floor": return .float(x.rounded(.down))
            case "ceil": return .float(x.rounded(.up))
            default: return .float(x.squareRoot())
            }
        default:
            let known: Set<String> = [
                "id", "elementid", "labels", "type", "properties", "keys", "startnode", "endnode", "nodes", "relationships", "length",
                "size",
                "createdseq", "createdat", "updatedat", "head", "last", "tail", "reverse", "tolower", "toupper", "trim", "ltrim", "rtrim",
                "split", "substring",
                "replace", "toboolean", "abs", "sign",
            ]
            if known.contains(lower) { throw typeError("another type", value) }
            throw QueryError(.unsupportedFeature, "the function \(name)() is not supported", at: at)
        }
    }

    private static func map(_ properties: Properties) -> Value {
        .map(properties.map { (key: $0.key, value: Value($0.value)) })
    }

    private static func toString(_ value: Value, _ typeError: (String, Value) -> QueryError) throws(QueryError) -> Value {
        switch value {
        case .string: return value
        case .integer(let n): return .string(String(n))
        case .float(let x): return .string(x.description)
        case .boolean(let b): return .string(String(b))
        case .temporal(let value): return .string(value.iso8601)
        default: throw typeError("a STRING, number, BOOLEAN or DATE", value)
        }
    }

    private static func toInteger(_ value: Value, _ typeError: (String, Value) -> QueryError) throws(QueryError) -> Value {
        switch value {
        case .integer: return value
        case .float(let x):
            guard x.isFinite, x >= -9.223_372_036_854_775_808e18, x < 9.223_372_036_854_775_808e18 else { return .null }
            return .integer(Int64(x.rounded(.towardZero)))
        case .string(let s):
            if let n = Int64(s.trimmingSpaces()) { return .integer(n) }
            if let x = Double(s.trimmingSpaces()) { return try toInteger(.float(x), typeError) }
            return .null
        case .boolean(let b): return .integer(b ? 1 : 0)
        default: throw typeError("a STRING, number or BOOLEAN", value)
        }
    }

    private static func toFloat(_ value: Value, _ typeError: (String, Value) -> QueryError) throws(QueryError) -> Value {
        switch value {
        case .float: return value
        case .integer(let n): return .float(Double(n))
        case .string(let s): return Double(s.trimmingSpaces()).map(Value.float) ?? .null
        default: throw typeError("a STRING or number", value)
        }
    }
}

extension Functions {
    /// The `datetime` in UTC of a time the log recorded.
    private static func dateTime(_ time: Timestamp) -> Value {
        let seconds = CalendarDate.floorDivide(time.milliseconds, 1_000)
        let nanosecond = CalendarDate.floorModulo(time.milliseconds, 1_000) * 1_000_000
        // A recorded time is within the years allowed.
        return .temporal(.dateTime(ZonedDateTime(utcSeconds: seconds, nanosecond: nanosecond, zone: .offset(.utc))!))
    }
}

extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }

}
