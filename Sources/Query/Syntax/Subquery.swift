// A query inside an expression, run once per row of the clause that holds it, starting from that
// row's variables: `EXISTS { (n)-->(m) WHERE … }` and `EXISTS { MATCH … RETURN … }`, `COUNT { … }`,
// and the pattern comprehension `[p = (a)-->(b) WHERE … | b.name]` (a MATCH and a RETURN).

/// A query used as a value.
public struct Subquery: Sendable, Equatable {
    public enum Form: Sendable, Equatable {
        /// Whether it has a row.
        case exists
        /// How many rows it has.
        case count
        /// Its first column, as a list (a pattern comprehension).
        case collect
    }

    public let form: Form
    public let query: SingleQuery
    /// How deep a recursive pass over it descends (its highest expression or pattern, plus one).
    public let height: Int
    /// The names it may read from the row it runs from, in name order (`SingleQuery.outerVariables`):
    /// found once here, not each time a row runs it.
    let outerVariables: [String]

    public init(_ form: Form, _ query: SingleQuery) {
        self.form = form
        self.query = query
        height = query.clauses.reduce(0) { max($0, $1.height) } + 1
        outerVariables = query.outerVariables.sorted()
    }
}

extension Clause {
    /// The height of the clause's highest expression or pattern.
    var height: Int {
        switch self {
        case .match(let match):
            match.patterns.reduce(match.predicate?.height ?? 0) { max($0, $1.element.height) }
        case .unwind(let expression, _, _): expression.height
        case .with(let projection, let predicate): max(projection.height, predicate?.height ?? 0)
        case .return(let projection): projection.height
        case .call(let call): call.arguments.reduce(call.predicate?.height ?? 0) { max($0, $1.height) }
        case .create(let patterns, _): patterns.reduce(0) { max($0, $1.element.height) }
        case .merge(let merge): merge.pattern.element.height
        case .set, .remove: 1
        case .delete(let targets, _, _): targets.reduce(0) { max($0, $1.height) }
        }
    }
}

extension Projection {
    var height: Int {
        let items = self.items.reduce(0) { max($0, $1.expression.height) }
        return orderBy.reduce(max(items, skip?.height ?? 0, limit?.height ?? 0)) { max($0, $1.expression.height) }
    }
}

extension Subquery {
    /// The subquery as Cypher text (a pattern comprehension as one; other forms by their clauses' keywords).
    var text: String {
        if form == .collect, query.clauses.count == 2, case .match(let match) = query.clauses[0], let part = match.patterns.first,
            case .return(let projection) = query.clauses[1], let value = projection.items.first?.expression
        {
            let name = part.variable.map { "\($0) = " } ?? ""
            return "[\(name)\(part.element.text)\(match.predicate.map { " WHERE \($0.text)" } ?? "") | \(value.text)]"
        }
        let body = query.clauses.map(\.keyword).joined(separator: " … ")
        return "\(form == .count ? "COUNT" : "EXISTS") { \(body) … }"
    }
}
