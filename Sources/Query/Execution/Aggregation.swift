// Aggregating functions folded over the rows of one group: count, collect, sum, avg, min, max, each
// with DISTINCT, skipping nulls as openCypher does (count(*) counts rows, nulls included).

/// The aggregating functions, by lowercased name.
enum AggregateFunction: String {
    case count, collect, sum, avg, min, max

    /// The aggregate `expression` calls at its top, if it is one.
    static func call(in expression: Expression) -> (function: AggregateFunction, distinct: Bool, argument: Expression?)? {
        switch expression.kind {
        case .countStar: return (.count, false, nil)
        case .function(let name, let distinct, let arguments):
            guard let function = AggregateFunction(rawValue: name.lowercased()), arguments.count == 1 else { return nil }
            return (function, distinct, arguments[0])
        default: return nil
        }
    }

    /// Whether `expression` calls an aggregate anywhere inside it.
    static func occurs(in expression: Expression) -> Bool {
        if call(in: expression) != nil { return true }
        switch expression.kind {
        case .list(let items): return items.contains(where: occurs)
        case .map(let entries): return entries.contains { occurs(in: $0.value) }
        case .property(let base, _), .unary(_, let base), .isNull(let base, _), .hasLabels(let base, _): return occurs(in: base)
        case .index(let a, let b), .binary(_, let a, let b): return occurs(in: a) || occurs(in: b)
        case .slice(let base, let from, let to):
            return occurs(in: base) || from.map(occurs) == true || to.map(occurs) == true
        case .function(_, _, let arguments): return arguments.contains(where: occurs)
        case .caseWhen(let subject, let branches, let otherwise):
            return subject.map(occurs) == true || otherwise.map(occurs) == true
                || branches.contains { occurs(in: $0.condition) || occurs(in: $0.result) }
        // The list a comprehension ranges over is evaluated once: it may aggregate (its body may not).
        case .listComprehension(_, let list, _, _), .quantifier(_, _, let list, _): return occurs(in: list)
        default: return false
        }
    }

    /// The aggregate of `values` (the argument evaluated on each row of the group, DISTINCT already
    /// applied by the group's accumulator; for count(*), one non-null marker per row).
    func fold(_ values: [Value], at location: SourceLocation) throws(QueryError) -> Value {
        let present = values.filter { !$0.isNull }
        switch self {
        case .count: return .integer(Int64(present.count))
        case .collect: return .list(present)
        case .min: return present.min { $0.order($1) == .less } ?? .null
        case .max: return present.max { $0.order($1) == .less } ?? .null
        case .sum, .avg:
            var integer: Int64 = 0, float = 0.0, sawFloat = false
            for value in present {
                switch value {
                case .integer(let n):
                    let (total, overflow) = integer.addingReportingOverflow(n)
                    guard !overflow else { throw QueryError(.arithmeticError, "integer overflow in \(rawValue)()", at: location) }
                    integer = total
                case .float(let x):
                    float += x
                    sawFloat = true
                default:
                    throw QueryError(.typeError, "\(rawValue)() expects numbers, got \(withArticle(value.typeName))", at: location)
                }
            }
            if self == .avg {
                guard !present.isEmpty else { return .null }
                return .float((Double(integer) + float) / Double(present.count))
            }
            return sawFloat ? .float(Double(integer) + float) : .integer(integer)
        }
    }
}
