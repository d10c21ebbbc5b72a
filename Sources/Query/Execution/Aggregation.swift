// Aggregating functions folded over the rows of one group: count, collect, sum, avg, min, max, each
// with DISTINCT, skipping nulls as openCypher does (count(*) counts rows, nulls included).

/// The aggregating functions, by lowercased name.
enum AggregateFunction: String {
    case count, collect, sum, avg, min, max
    case percentileDisc = "percentiledisc", percentileCont = "percentilecont"

    /// The aggregate `expression` calls at its top, if it is one: its argument, and for a percentile
    /// the percentile (its second argument).
    static func call(in expression: Expression) -> (
        function: AggregateFunction, distinct: Bool, argument: Expression?, parameter: Expression?
    )? {
        switch expression.kind {
        case .countStar: return (.count, false, nil, nil)
        case .function(let name, let distinct, let arguments):
            guard let function = AggregateFunction(rawValue: name.lowercased()) else { return nil }
            let arity = function == .percentileDisc || function == .percentileCont ? 2 : 1
            guard arguments.count == arity else { return nil }
            return (function, distinct, arguments[0], arity == 2 ? arguments[1] : nil)
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
    func fold(_ values: [Value], parameter: Value? = nil, at location: SourceLocation) throws(QueryError) -> Value {
        let present = values.filter { !$0.isNull }
        switch self {
        case .percentileDisc, .percentileCont:
            return try percentile(of: present, parameter ?? .null, at: location)
        case .count: return .integer(Int64(present.count))
        case .collect: return .list(present)
        case .min: return present.min { $0.order($1) == .less } ?? .null
        case .max: return present.max { $0.order($1) == .less } ?? .null
        case .sum, .avg:
            // Added up as a group adds them as its rows come.
            var accumulator = GroupAccumulator()
            for value in present { try accumulator.add(value, self, at: location) }
            return accumulator.result(self)
        }
    }
}

extension AggregateFunction {
    /// percentileDisc: the value at the percentile (the nearest one above it); percentileCont: the
    /// value there, interpolated between the two around it. Neo4j's definitions.
    fileprivate func percentile(of values: [Value], _ percentile: Value, at location: SourceLocation) throws(QueryError) -> Value {
        guard !values.isEmpty else { return .null }
        guard let p = percentile.numeric else {
            throw QueryError(
                .typeError, "\(rawValue)() expects a number as the percentile, got \(withArticle(percentile.typeName))", at: location)
        }
        guard (0...1).contains(p) else {
            throw QueryError(
                .argumentError, "the percentile must be between 0.0 and 1.0, got \(p)", at: location, detail: .numberOutOfRange)
        }
        var numbers: [(value: Value, number: Double)] = []
        for value in values {
            guard let number = value.numeric else {
                throw QueryError(.typeError, "\(rawValue)() expects numbers, got \(withArticle(value.typeName))", at: location)
            }
            numbers.append((value, number))
        }
        numbers.sort { $0.number < $1.number }
        let count = Double(numbers.count)
        if self == .percentileDisc {
            let index = p == 1 ? numbers.count - 1 : Swift.max(0, Int((p * count).rounded(.up)) - 1)
            return numbers[index].value
        }
        let position = p * (count - 1)
        let (below, above) = (Int(position.rounded(.down)), Int(position.rounded(.up)))
        if below == above { return .float(numbers[below].number) }
        return .float(numbers[below].number * (Double(above) - position) + numbers[above].number * (position - Double(below)))
    }
}
