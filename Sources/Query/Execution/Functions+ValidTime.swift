// Valid time in expressions: `validFrom(x)` and `validUntil(x)` read the bounds of a node's or a
// relationship's valid time (null for an open end), and `isValidAt(x, t)` tells whether it held at
// `t` — the per-element counterparts of a whole query's `VALID AT`.
import EventLog
import Graph

extension Functions {
    static let validTimeFunctions: Set<String> = ["validfrom", "validuntil", "isvalidat"]

    static func validTime(_ name: String, _ args: [Value], evaluator: Evaluator, at: SourceLocation) throws(QueryError) -> Value {
        let arity = name == "isvalidat" ? 2 : 1
        guard args.count == arity else {
            throw QueryError(.semanticError, "\(name)() takes \(arity) argument\(arity == 1 ? "" : "s"), got \(args.count)", at: at)
        }
        if args.contains(where: \.isNull) { return .null }
        let (from, until) = try bounds(of: args[0], evaluator: evaluator, function: name, at: at)
        switch name {
        case "validfrom": return from.map(Value.init) ?? .null
        case "validuntil": return until.map(Value.init) ?? .null
        default:
            guard case .temporal(let temporal) = args[1], let instant = ValidInstant(temporal) else {
                throw QueryError(
                    .typeError, "isValidAt() expects a DATE, DATETIME or LOCAL DATETIME, got \(args[1].typeName)", at: at,
                    detail: .invalidArgumentType)
            }
            return .boolean(instant.isWithin(from: from, until: until))
        }
    }

    /// The `valid_from` and `valid_until` of a node or relationship.
    private static func bounds(of element: Value, evaluator: Evaluator, function: String, at: SourceLocation) throws(QueryError)
        -> (PropertyValue?, PropertyValue?)
    {
        let from = evaluator.propertyKey(ValidInstant.fromKey), until = evaluator.propertyKey(ValidInstant.untilKey)
        let view = evaluator.view
        switch element {
        case .node(let node):
            try evaluator.checkLive(element, at: at)
            return (from.flatMap { view.property($0, of: node) }, until.flatMap { view.property($0, of: node) })
        case .relationship(let relationship):
            try evaluator.checkLive(element, at: at)
            return (from.flatMap { view.property($0, of: relationship) }, until.flatMap { view.property($0, of: relationship) })
        default:
            throw QueryError(
                .typeError, "\(function)() expects a NODE or RELATIONSHIP, got \(element.typeName)", at: at, detail: .invalidArgumentType)
        }
    }
}
