// Evaluating expressions on one row: openCypher's semantics for null (it propagates), three-valued
// logic, integers vs floats (integer arithmetic stays integer and fails on overflow; `^` and any float
// operand give a float), strings and lists, and property access on nodes, relationships and maps of
// the view the query runs on. Aggregates are not evaluated here: the executor folds them over rows.
import EventLog
public import Graph

/// Where variables get their values while an expression is evaluated.
public protocol Bindings {
    /// The value bound to `name`, or nil if it is not bound.
    func value(of name: String) -> Value?
}

/// Evaluates expressions against a graph view, parameters and bindings.
public struct Evaluator {
    public let view: GraphView
    public let parameters: [String: Value]
    /// The query's account against its limits (pattern predicates expand, so they count too).
    let budget: Budget
    /// The property keys read so far, looked up in this view.
    private let keys = PropertyKeys()
    /// Whether reading an element checks that it is still live: in a write query, which may have
    /// deleted it (openCypher's DeletedEntityAccess); a read's elements are live at its seq.
    private let checksDeleted: Bool

    public init(view: GraphView, parameters: [String: Value] = [:], limits: QueryLimits = QueryLimits()) {
        self.view = view
        self.parameters = parameters
        self.budget = Budget(limits)
        checksDeleted = false
    }

    private init(view: GraphView, parameters: [String: Value], budget: Budget, checksDeleted: Bool) {
        self.view = view
        self.parameters = parameters
        self.budget = budget
        self.checksDeleted = checksDeleted
    }

    /// The keys a query reads, each looked up in the view's symbol table once rather than once per
    /// read. A query names a handful, so a short list compared by name (equal texts of one query
    /// compare by their bits) beats hashing the name on every read.
    private final class PropertyKeys {
        // Unchecked: the table belongs to one query on one thread (a checked access per read would
        // cost more than the lookup).
        @exclusivity(unchecked) private var known: [(name: String, key: PropertyKey?)] = []

        func key(_ name: String, in view: GraphView) -> PropertyKey? {
            for entry in known where entry.name == name { return entry.key }
            let key = view.propertyKey(name)
            known.append((name, key))
            return key
        }
    }

    /// This query's evaluator for another thread's share of its work: the same view and parameters,
    /// an account of its own against the same limits, its own table of property keys.
    func onAnotherThread() -> Evaluator {
        Evaluator(view: view, parameters: parameters, budget: Budget(sharing: budget), checksDeleted: checksDeleted)
    }

    /// This query's evaluator on another view (a write query's staged graph after a change): the same
    /// parameters, the same account against the limits.
    func on(_ view: GraphView) -> Evaluator {
        Evaluator(view: view, parameters: parameters, budget: budget, checksDeleted: true)
    }

    /// Throws EntityNotFound when a write query reads an element it deleted.
    func checkLive(_ element: Value, at: SourceLocation) throws(QueryError) {
        guard checksDeleted else { return }
        let live: Bool
        switch element {
        case .node(let node): live = view.isLive(node)
        case .relationship(let relationship): live = view.isLive(relationship)
        default: return
        }
        guard live else {
            throw QueryError(
                .entityNotFound, "the \(element.typeName.lowercased()) was deleted earlier in this query", at: at,
                detail: .deletedEntityAccess)
        }
    }

    /// Whether every one of `predicates` is true for `bindings` (null and false both fail; anything
    /// else is a type error).
    func passes(_ predicates: [Expression], _ bindings: some Bindings) throws(QueryError) -> Bool {
        for predicate in predicates {
            // `a <> b` / `a = b` of two bound nodes or relationships (`WHERE c <> p`, the usual way to
            // leave the start out of a neighbourhood): their handles compared, without the evaluator.
            if case .binary(let op, let left, let right) = predicate.kind, op == .notEqual || op == .equal,
                case .variable(let a) = left.kind, case .variable(let b) = right.kind,
                let first = bindings.value(of: a)?.elementKey, let second = bindings.value(of: b)?.elementKey
            {
                if (first == second) == (op == .equal) { continue }
                return false
            }
            switch try evaluate(predicate, bindings) {
            case .boolean(true): continue
            case .boolean(false), .null: return false
            case let other:
                throw QueryError(.typeError, "WHERE expects a boolean, got \(withArticle(other.typeName))", at: predicate.location)
            }
        }
        return true
    }

    /// The value of `expression` with `bindings` for its variables.
    public func evaluate(_ expression: Expression, _ bindings: some Bindings) throws(QueryError) -> Value {
        let at = expression.location
        switch expression.kind {
        case .null: return .null
        case .boolean(let b): return .boolean(b)
        case .integer(let n): return .integer(n)
        case .float(let x): return .float(x)
        case .string(let s): return .string(s)
        case .parameter(let name):
            guard let value = parameters[name] else {
                throw QueryError(.parameterMissing, "expected a value for the parameter $\(name)", at: at, detail: .missingParameter)
            }
            return value
        case .variable(let name):
            guard let value = bindings.value(of: name) else {
                throw QueryError(.semanticError, "variable `\(name)` is not defined", at: at)
            }
            return value
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item, bindings)) }
            return .list(values)
        case .map(let entries):
            var values: [(key: String, value: Value)] = []
            for entry in entries { values.append((entry.key, try evaluate(entry.value, bindings))) }
            return .map(values)
        case .property(let base, let key):
            return try property(key, of: try evaluate(base, bindings), at: at)
        case .index(let base, let index):
            return try subscripted(try evaluate(base, bindings), by: try evaluate(index, bindings), at: at)
        case .slice(let base, let from, let to):
            return try sliced(
                try evaluate(base, bindings), from: try from.map { e throws(QueryError) in try evaluate(e, bindings) },
                to: try to.map { e throws(QueryError) in try evaluate(e, bindings) }, at: at)
        case .unary(let op, let operand):
            return try unary(op, try evaluate(operand, bindings), at: at)
        case .binary(let op, let left, let right):
            return try binary(op, left, right, bindings, at: at)
        case .hasLabels(let operand, let wanted):
            switch try evaluate(operand, bindings) {
            case .null: return .null
            case .node(let node):
                return .boolean(view.has(view.resolve(wanted), node))
            case let other:
                throw QueryError(.typeError, "a label test needs a node, got \(withArticle(other.typeName))", at: at)
            }
        case .isNull(let operand, let negated):
            return .boolean(try evaluate(operand, bindings).isNull != negated)
        case .function(let name, _, let arguments)
        where arguments.count == 1 && arguments[0].isPattern && name.lowercased() == "exists":
            return try evaluate(arguments[0], bindings)
        case .function(let name, _, let arguments) where arguments.count == 1 && ElementIdentity.isIdFunction(name):
            // id(x) and elementId(x), in most answers once per row: without an argument list to allocate.
            switch try evaluate(arguments[0], bindings) {
            case .node(let node): return .string(view.id(of: node))
            case .relationship(let relationship): return .string(view.id(of: relationship))
            case let other: return try Functions.call(name, [other], evaluator: self, at: at)
            }
        case .function(let name, _, let arguments):
            var values: [Value] = []
            for argument in arguments { values.append(try evaluate(argument, bindings)) }
            return try Functions.call(name, values, evaluator: self, at: at)
        case .countStar:
            throw QueryError(.semanticError, "count(*) is an aggregate: it cannot be evaluated on one row", at: at)
        case .caseWhen(let subject, let branches, let otherwise):
            let value = try subject.map { e throws(QueryError) in try evaluate(e, bindings) }
            for branch in branches {
                let condition = try evaluate(branch.condition, bindings)
                let taken = value.map { condition.equals($0) == true } ?? (condition.equals(.boolean(true)) == true)
                if taken { return try evaluate(branch.result, bindings) }
            }
            return try otherwise.map { e throws(QueryError) in try evaluate(e, bindings) } ?? .null
        case .listComprehension(let variable, let list, let predicate, let projection):
            guard case .list(let items) = try evaluate(list, bindings) else { return try nullOrTypeError(list, bindings, "a list") }
            var results: [Value] = []
            for item in items {
                let scope = Extended(base: bindings, name: variable, value: item)
                if let predicate, try evaluate(predicate, scope).equals(.boolean(true)) != true { continue }
                results.append(try projection.map { e throws(QueryError) in try evaluate(e, scope) } ?? item)
            }
            return .list(results)
        case .quantifier(let quantifier, let variable, let list, let predicate):
            guard case .list(let items) = try evaluate(list, bindings) else { return try nullOrTypeError(list, bindings, "a list") }
            var trues = 0, nulls = 0
            for item in items {
                switch try evaluate(predicate, Extended(base: bindings, name: variable, value: item)).equals(.boolean(true)) {
                case true?: trues += 1
                case nil: nulls += 1
                case false?: break
                }
            }
            return Self.quantified(quantifier, trues: trues, nulls: nulls, count: items.count)
        case .pattern(let element):
            return .boolean(try PatternMatcher(evaluator: self).exists(element, bindings))
        case .subquery(let subquery):
            return try Executor(evaluator: self).value(of: subquery, from: bindings)
        }
    }

    /// A null when `expression` is null, else a TypeError saying what was expected.
    private func nullOrTypeError(_ expression: Expression, _ bindings: some Bindings, _ expected: String) throws(QueryError) -> Value {
        let value = try evaluate(expression, bindings)
        if value.isNull { return .null }
        throw QueryError(.typeError, "expected \(expected), got \(value.typeName)", at: expression.location)
    }

    static func quantified(_ quantifier: Quantifier, trues: Int, nulls: Int, count: Int) -> Value {
        let falses = count - trues - nulls
        switch quantifier {
        case .all: return falses > 0 ? .boolean(false) : nulls > 0 ? .null : .boolean(true)
        case .any: return trues > 0 ? .boolean(true) : nulls > 0 ? .null : .boolean(false)
        case .none: return trues > 0 ? .boolean(false) : nulls > 0 ? .null : .boolean(true)
        case .single: return trues > 1 ? .boolean(false) : nulls > 0 ? .null : .boolean(trues == 1)
        }
    }

    func property(_ key: String, of value: Value, at: SourceLocation) throws(QueryError) -> Value {
        switch value {
        case .null: return .null
        case .node(let node): return try property(keys.key(key, in: view), of: node, at: at)
        case .relationship(let relationship): return try property(keys.key(key, in: view), of: relationship, at: at)
        case .map(let entries): return entries.first { $0.key == key }?.value ?? .null
        case .temporal(let temporal):
            guard let field = temporal.field(named: key) else {
                if temporal.fieldNames.contains(key) {
                    throw QueryError(.arithmeticError, "the \(key) of \(withArticle(value.typeName)) do not fit in 64 bits", at: at)
                }
                throw QueryError(
                    .argumentError, "\(withArticle(value.typeName)) has no field '\(key)' (\(temporal.fieldNames.joined(separator: ", ")))",
                    at: at, detail: .invalidArgumentValue)
            }
            return field
        default: throw QueryError(.typeError, "cannot read the property '\(key)' of \(withArticle(value.typeName))", at: at)
        }
    }

    /// The property key `name`, looked up once per query (nil: no element ever had it).
    func propertyKey(_ name: String) -> PropertyKey? { keys.key(name, in: view) }

    /// `node.key`, the key looked up beforehand (nil: no element ever had it).
    func property(_ key: PropertyKey?, of node: Node, at: SourceLocation) throws(QueryError) -> Value {
        try checkLive(.node(node), at: at)
        guard let key else { return .null }
        return view.property(key, of: node).map(Value.init) ?? .null
    }

    /// `relationship.key`, the key looked up beforehand.
    func property(_ key: PropertyKey?, of relationship: Relationship, at: SourceLocation) throws(QueryError) -> Value {
        try checkLive(.relationship(relationship), at: at)
        guard let key else { return .null }
        return view.property(key, of: relationship).map(Value.init) ?? .null
    }
}

/// Bindings with one more variable (a list comprehension's or quantifier's).
struct Extended<Base: Bindings>: Bindings {
    let base: Base
    let name: String
    let value: Value

    func value(of variable: String) -> Value? { variable == name ? value : base.value(of: variable) }
}
