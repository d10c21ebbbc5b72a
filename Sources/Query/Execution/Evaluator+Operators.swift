// Operators: three-valued logic, comparisons, arithmetic (integers stay integers and fail loudly on
// overflow; a float operand or `^` gives a float), string and list concatenation, string predicates,
// IN, regular expressions, indexes and slices.
import EventLog

#if canImport(Glibc)
    import Glibc
#endif

extension Evaluator {
    func unary(_ op: UnaryOperator, _ value: Value, at: SourceLocation) throws(QueryError) -> Value {
        switch (op, value) {
        case (_, .null): return .null
        case (.not, .boolean(let b)): return .boolean(!b)
        case (.negate, .integer(let n)):
            guard n != .min else { throw QueryError(.arithmeticError, "integer overflow in -(\(n))", at: at) }
            return .integer(-n)
        case (.negate, .float(let x)): return .float(-x)
        case (.negate, .temporal(.duration(let duration))):
            guard let negated = duration.negated else {
                throw QueryError(.arithmeticError, "duration overflow in -(\(duration.iso8601))", at: at)
            }
            return .temporal(.duration(negated))
        case (.plus, .integer), (.plus, .float), (.plus, .temporal(.duration)): return value
        default: throw QueryError(.typeError, "\(op.rawValue) cannot be applied to \(withArticle(value.typeName))", at: at)
        }
    }

    func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ bindings: some Bindings, at: SourceLocation)
        throws(QueryError) -> Value
    {
        // AND and OR look at the right side only when the left does not decide.
        switch op {
        case .and, .or, .xor:
            let a = try truth(try evaluate(left, bindings), at: left.location)
            if op == .and && a == false { return .boolean(false) }
            if op == .or && a == true { return .boolean(true) }
            let b = try truth(try evaluate(right, bindings), at: right.location)
            return logic(op, a, b)
        default:
            return try apply(op, try evaluate(left, bindings), try evaluate(right, bindings), at: at)
        }
    }

    private func truth(_ value: Value, at: SourceLocation) throws(QueryError) -> Bool? {
        switch value {
        case .null: return nil
        case .boolean(let b): return b
        default: throw QueryError(.typeError, "expected a BOOLEAN, got \(value.typeName)", at: at)
        }
    }

    private func logic(_ op: BinaryOperator, _ a: Bool?, _ b: Bool?) -> Value {
        switch op {
        case .and:
            if a == false || b == false { return .boolean(false) }
            return a == nil || b == nil ? .null : .boolean(true)
        case .or:
            if a == true || b == true { return .boolean(true) }
            return a == nil || b == nil ? .null : .boolean(false)
        default:  // xor
            guard let a, let b else { return .null }
            return .boolean(a != b)
        }
    }

    /// A binary operator on two evaluated operands.
    func apply(_ op: BinaryOperator, _ a: Value, _ b: Value, at: SourceLocation) throws(QueryError) -> Value {
        switch op {
        case .equal: return a.equals(b).map(Value.boolean) ?? .null
        case .notEqual: return a.equals(b).map { .boolean(!$0) } ?? .null
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard let order = a.compare(b) else {
                // NaN is a number no number is above or below: false, not unknown.
                if let x = a.numeric, let y = b.numeric, x.isNaN || y.isNaN { return .boolean(false) }
                return .null
            }
            switch op {
            case .less: return .boolean(order == .less)
            case .lessOrEqual: return .boolean(order != .greater)
            case .greater: return .boolean(order == .greater)
            default: return .boolean(order != .less)
            }
        case .startsWith, .endsWith, .contains:
            guard case .string(let s) = a, case .string(let t) = b else { return .null }
            // Every string contains the empty string (Foundation's `contains` says it does not).
            return .boolean(op == .startsWith ? s.hasPrefix(t) : op == .endsWith ? s.hasSuffix(t) : t.isEmpty || s.contains(t))
        case .inList:
            if case .null = b { return .null }
            guard case .list(let items) = b else { throw QueryError(.typeError, "IN expects a list, got \(b.typeName)", at: at) }
            var unknown = false
            for item in items {
                switch a.equals(item) {
                case true?: return .boolean(true)
                case nil: unknown = true
                case false?: break
                }
            }
            return unknown ? .null : .boolean(false)
        case .regexMatch:
            guard case .string(let s) = a, case .string(let pattern) = b else { return .null }
            do {
                return .boolean(try Regex(pattern).wholeMatch(in: s) != nil)
            } catch {
                throw QueryError(.semanticError, "invalid regular expression '\(pattern)'", at: at)
            }
        case .add, .subtract, .multiply, .divide, .modulo, .power:
            return try arithmetic(op, a, b, at: at)
        case .and, .or, .xor:
            return logic(op, try truth(a, at: at), try truth(b, at: at))
        }
    }

    private func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, at: SourceLocation) throws(QueryError) -> Value {
        switch (a, b) {
        case (.null, _), (_, .null): return .null
        case (.integer(let x), .integer(let y)):
            if op == .power { return .float(Double.power(Double(x), Double(y))) }
            if (op == .divide || op == .modulo) && y == 0 { throw QueryError(.arithmeticError, "division by zero", at: at) }
            let (result, overflow): (Int64, Bool) =
                switch op {
                case .add: x.addingReportingOverflow(y)
                case .subtract: x.subtractingReportingOverflow(y)
                case .multiply: x.multipliedReportingOverflow(by: y)
                case .divide: x.dividedReportingOverflow(by: y)
                default: x.remainderReportingOverflow(dividingBy: y)
                }
            if overflow { throw QueryError(.arithmeticError, "integer overflow in \(x) \(op.rawValue) \(y)", at: at) }
            return .integer(result)
        case (.integer, .float), (.float, .integer), (.float, .float):
            let x = a.asDouble!, y = b.asDouble!
            switch op {
            case .add: return .float(x + y)
            case .subtract: return .float(x - y)
            case .multiply: return .float(x * y)
            case .divide: return .float(x / y)
            case .modulo: return .float(x.truncatingRemainder(dividingBy: y))
            default: return .float(Double.power(x, y))
            }
        // A list with anything (a string too) is a longer list.
        case (.list(let x), .list(let y)) where op == .add: return .list(x + y)
        case (.list(let x), _) where op == .add: return .list(x + [b])
        case (_, .list(let y)) where op == .add: return .list([a] + y)
        case (.string(let x), _) where op == .add: return .string(x + (try b.textForConcatenation(at: at)))
        case (_, .string(let y)) where op == .add: return .string((try a.textForConcatenation(at: at)) + y)
        case (.temporal, _), (_, .temporal): return try temporalArithmetic(op, a, b, at: at)
        default:
            throw QueryError(
                .typeError, "\(op.rawValue) cannot be applied to \(withArticle(a.typeName)) and \(withArticle(b.typeName))", at: at)
        }
    }

    func subscripted(_ base: Value, by index: Value, at: SourceLocation) throws(QueryError) -> Value {
        switch (base, index) {
        case (.null, _), (_, .null): return .null
        case (.list(let items), .integer(let i)):
            let position = i < 0 ? Int64(items.count) + i : i
            return position >= 0 && position < Int64(items.count) ? items[Int(position)] : .null
        case (.map, .string(let key)), (.node, .string(let key)), (.relationship, .string(let key)):
            return try property(key, of: base, at: at)
        default:
            throw QueryError(.typeError, "cannot index \(withArticle(base.typeName)) with \(withArticle(index.typeName))", at: at)
        }
    }

    func sliced(_ base: Value, from: Value?, to: Value?, at: SourceLocation) throws(QueryError) -> Value {
        if base.isNull || from?.isNull == true || to?.isNull == true { return .null }
        guard case .list(let items) = base else { throw QueryError(.typeError, "cannot slice \(withArticle(base.typeName))", at: at) }
        func bound(_ value: Value?, _ otherwise: Int) throws(QueryError) -> Int {
            guard let value else { return otherwise }
            guard case .integer(let n) = value else {
                throw QueryError(.typeError, "a slice bound must be an INTEGER, got \(value.typeName)", at: at)
            }
            let position = n < 0 ? Int64(items.count) + n : n
            return Int(max(0, min(Int64(items.count), position)))
        }
        let start = try bound(from, 0), end = try bound(to, items.count)
        return .list(start < end ? Array(items[start..<end]) : [])
    }
}

extension Value {
    var asDouble: Double? {
        switch self {
        case .integer(let n): Double(n)
        case .float(let x): x
        default: nil
        }
    }

    /// The text a value adds to a string with `+`.
    func textForConcatenation(at: SourceLocation) throws(QueryError) -> String {
        switch self {
        case .string(let s): return s
        case .integer(let n): return String(n)
        case .float(let x): return x.description
        case .boolean(let b): return String(b)
        default: throw QueryError(.typeError, "+ cannot add \(withArticle(typeName)) to a STRING", at: at)
        }
    }
}

extension Double {
    static func power(_ base: Double, _ exponent: Double) -> Double {
        #if canImport(Glibc)
            return Glibc.pow(base, exponent)
        #else
            return Foundation.pow(base, exponent)
        #endif
    }
}

extension Evaluator {
    /// A temporal value ± a duration, durations ± each other, a duration × or ÷ a number.
    fileprivate func temporalArithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, at: SourceLocation) throws(QueryError) -> Value {
        let result: TemporalValue?
        switch (op, a, b) {
        case (.add, .temporal(let value), .temporal(.duration(let duration))),
            (.add, .temporal(.duration(let duration)), .temporal(let value)):
            result = TemporalArithmetic.add(duration, to: value)
        case (.subtract, .temporal(let value), .temporal(.duration(let duration))):
            result = duration.negated.flatMap { TemporalArithmetic.add($0, to: value) }
        case (.multiply, .temporal(.duration(let duration)), .integer), (.multiply, .temporal(.duration(let duration)), .float):
            result = TemporalArithmetic.multiply(duration, by: b).map(TemporalValue.duration)
        case (.multiply, .integer, .temporal(.duration(let duration))), (.multiply, .float, .temporal(.duration(let duration))):
            result = TemporalArithmetic.multiply(duration, by: a).map(TemporalValue.duration)
        case (.divide, .temporal(.duration(let duration)), .integer), (.divide, .temporal(.duration(let duration)), .float):
            guard b.asDouble != 0 else { throw QueryError(.arithmeticError, "division by zero", at: at) }
            result = TemporalArithmetic.divide(duration, by: b).map(TemporalValue.duration)
        default:
            throw QueryError(
                .typeError, "\(op.rawValue) cannot be applied to \(withArticle(a.typeName)) and \(withArticle(b.typeName))", at: at)
        }
        guard let result else {
            throw QueryError(.arithmeticError, "\(a.typeName) \(op.rawValue) \(b.typeName) falls outside the values allowed", at: at)
        }
        return .temporal(result)
    }
}
