// The writing clauses, row by row on a write query's staged graph (Writing/GraphWrites.swift):
// CREATE makes the pattern's new nodes and relationships, MERGE matches its whole pattern or creates
// it, SET and REMOVE patch properties and labels, DELETE retires nodes and removes relationships.
// Each read takes a fresh evaluator, so a row sees what the rows and clauses before it wrote.
import EventLog
import Graph

extension Executor {
    /// Runs one writing clause over `rows`; returns the rows after it.
    func write(_ clause: Clause, _ rows: [Row], _ writes: GraphWrites) throws(QueryError) -> [Row] {
        switch clause {
        case .create(let patterns, _):
            var next: [Row] = []
            next.reserveCapacity(rows.count)
            for row in rows {
                try evaluator.budget.tick()
                var row = row
                for part in patterns { try create(part, in: &row, writes, merging: false) }
                next.append(row)
            }
            return next
        case .merge(let merge):
            var next: [Row] = []
            for row in rows {
                try evaluator.budget.tick()
                next += try self.merge(merge, row, writes)
                try evaluator.budget.check(rows: next.count)
            }
            return next
        case .set(let items, _):
            for row in rows {
                try evaluator.budget.tick()
                for item in items { try set(item, in: row, writes) }
            }
            return rows
        case .remove(let items, _):
            for row in rows {
                try evaluator.budget.tick()
                for item in items { try remove(item, in: row, writes) }
            }
            return rows
        case .delete(let targets, let detach, _):
            try delete(targets, detach: detach, rows, writes)
            return rows
        case .match, .unwind, .with, .return, .call:
            preconditionFailure("\(clause) does not write")
        }
    }

    // MARK: CREATE and MERGE

    /// Creates a pattern's new elements, reusing the nodes `row` binds already, and binds them.
    private func create(_ part: PatternPart, in row: inout Row, _ writes: GraphWrites, merging: Bool) throws(QueryError) {
        var nodes = [try node(part.element.start, in: &row, writes, merging: merging)]
        var relationships: [Relationship] = []
        for step in part.element.chain {
            let end = try node(step.node, in: &row, writes, merging: merging)
            let pattern = step.relationship
            let (properties, id) = try properties(pattern.properties, row, merging: merging)
            // Validated by the binder: one type, a direction (MERGE's undirected pattern is created left to right).
            let type = pattern.types[0]
            try checkName(type, of: "a relationship type", at: pattern.location)
            let (from, to) = pattern.direction == .incoming ? (end, nodes.last!) : (nodes.last!, end)
            let relationship = try writes.createRelationship(
                type: type, from: from, to: to, properties: properties, id: id, at: pattern.location)
            if let name = pattern.variable { row.bind(name, to: .relationship(relationship)) }
            relationships.append(relationship)
            nodes.append(end)
        }
        if let name = part.variable { row.bind(name, to: .path(Path(nodes: nodes, relationships: relationships))) }
    }

    /// The node a pattern stands for: the one its variable binds, or a new one (its first label the kind).
    private func node(_ pattern: NodePattern, in row: inout Row, _ writes: GraphWrites, merging: Bool) throws(QueryError) -> Node {
        if let name = pattern.variable, let bound = row.value(of: name) {
            guard case .node(let node) = bound else {
                throw QueryError(
                    .typeError, "`\(name)` is \(withArticle(bound.typeName)), not a node to \(merging ? "merge" : "create") from",
                    at: pattern.location)
            }
            return node
        }
        let (properties, id) = try properties(pattern.properties, row, merging: merging)
        for label in pattern.labels { try checkName(label, of: "a label", at: pattern.location) }
        let node = try writes.createNode(
            kind: pattern.labels.first, labels: Array(pattern.labels.dropFirst()), properties: properties, id: id, at: pattern.location)
        if let name = pattern.variable { row.bind(name, to: .node(node)) }
        return node
    }

    /// A pattern's map as the properties of a new element, and its `` `@id` `` entry (the element's id).
    /// Null entries are left out; MERGE refuses them, as a null never matches and would create anew each time.
    private func properties(_ map: Expression?, _ row: Row, merging: Bool) throws(QueryError) -> (
        Properties, String?
    ) {
        guard let map else { return (Properties(), nil) }
        let at = map.location
        guard case .map(let entries) = try current.evaluate(map, row) else {
            throw QueryError(.typeError, "pattern properties must be a map", at: at)
        }
        var pairs: [(String, PropertyValue)] = []
        pairs.reserveCapacity(entries.count)
        var id: String?
        for (key, value) in entries {
            if value.isNull && merging {
                throw QueryError(.semanticError, "MERGE cannot match the property '\(key)' on null", at: at)
            }
            if key == ElementIdentity.key {
                guard case .string(let text) = value else {
                    if value.isNull { continue }
                    throw QueryError(.typeError, "an element id (`@id`) is a string, not \(withArticle(value.typeName))", at: at)
                }
                if let problem = Names.problem(withID: text) { throw QueryError(.semanticError, problem, at: at) }
                id = text
                continue
            }
            try checkPropertyName(key, at: at)
            if let property = try value.propertyValue(for: key, at: at) { pairs.append((key, property)) }
        }
        return (Properties(pairs), id)
    }

    /// MERGE on one row: every match of the pattern (ON MATCH SET on each), or the pattern created
    /// (ON CREATE SET on it).
    private func merge(_ merge: Merge, _ row: Row, _ writes: GraphWrites) throws(QueryError) -> [Row] {
        let found: [Row]
        do {
            let evaluator = current
            let plan = try Planner(evaluator: evaluator).plan([merge.pattern], where: nil, bound: Set(row.names))
            found = try PatternMatcher(evaluator: evaluator).matches(plan, extending: row)
        }
        if found.isEmpty {
            var created = row
            try create(merge.pattern, in: &created, writes, merging: true)
            for item in merge.onCreate { try set(item, in: created, writes) }
            return [created]
        }
        for match in found {
            for item in merge.onMatch { try set(item, in: match, writes) }
        }
        return found
    }

    // MARK: SET and REMOVE

    /// The node or relationship `variable` binds in `row` (nil for null, which SET and REMOVE skip).
    private func element(_ variable: String, _ row: Row, at: SourceLocation, _ verb: String) throws(QueryError) -> Value? {
        let value = row.value(of: variable) ?? .null
        switch value {
        case .null: return nil
        case .node, .relationship: return value
        default: throw QueryError(.typeError, "cannot \(verb) \(withArticle(value.typeName)) (`\(variable)`)", at: at)
        }
    }

    private func set(_ item: SetItem, in row: Row, _ writes: GraphWrites) throws(QueryError) {
        switch item {
        case .property(let variable, let key, let expression, let at):
            guard let target = try element(variable, row, at: at, "set a property of") else { return }
            try checkAssignable(key, at: at)
            let value = try current.evaluate(expression, row).propertyValue(for: key, at: expression.location)
            try patch(target, [PatchEntry(key, value)], writes, at: at)
        case .replaceProperties(let variable, let expression, let at), .mergeProperties(let variable, let expression, let at):
            guard let target = try element(variable, row, at: at, "set the properties of") else { return }
            let evaluator = current
            let entries = try assignedProperties(try evaluator.evaluate(expression, row), evaluator, at: expression.location)
            var patch: [PatchEntry] = []
            for (key, value) in entries {
                try checkAssignable(key, at: expression.location)
                patch.append(PatchEntry(key, try value.propertyValue(for: key, at: expression.location)))
            }
            if case .replaceProperties = item {
                // `=` replaces: every key the new map lacks is removed.
                for property in properties(of: target, evaluator) where !entries.contains(where: { $0.key == property.key }) {
                    patch.append(PatchEntry(property.key, nil))
                }
            }
            try self.patch(target, patch, writes, at: at)
        case .labels(let variable, let labels, let at):
            guard let target = try element(variable, row, at: at, "set labels on") else { return }
            guard case .node(let node) = target else { throw QueryError(.typeError, "a relationship has no labels to set", at: at) }
            for label in labels { try checkName(label, of: "a label", at: at) }
            let (kind, extra) = current.view.labelParts(of: node)
            var added: [String] = []
            for label in labels where label != kind && !extra.contains(label) && !added.contains(label) { added.append(label) }
            guard !added.isEmpty else { return }
            try writes.update(node, patch: PropertyPatch(), labels: extra + added, at: at)
            writes.countLabels(added: added.count, removed: 0)
        }
    }

    private func remove(_ item: RemoveItem, in row: Row, _ writes: GraphWrites) throws(QueryError) {
        switch item {
        case .property(let variable, let key, let at):
            guard let target = try element(variable, row, at: at, "remove a property of") else { return }
            try checkAssignable(key, at: at)
            try patch(target, [PatchEntry(key, nil)], writes, at: at)
        case .labels(let variable, let labels, let at):
            guard let target = try element(variable, row, at: at, "remove labels from") else { return }
            guard case .node(let node) = target else { throw QueryError(.typeError, "a relationship has no labels to remove", at: at) }
            let (kind, extra) = current.view.labelParts(of: node)
            let removesKind = kind.map(labels.contains) ?? false
            let kept = extra.filter { !labels.contains($0) }
            guard removesKind || kept.count < extra.count else { return }
            // The kind goes as the update's flag (a schema in force refuses it, naming the rule).
            try writes.update(
                node, patch: PropertyPatch(), labels: kept.count < extra.count ? kept : nil, removesKind: removesKind, at: at)
            writes.countLabels(added: 0, removed: extra.count - kept.count + (removesKind ? 1 : 0))
        }
    }

    /// Applies `entries` to a node or relationship, leaving out removals of keys it does not have.
    private func patch(_ target: Value, _ entries: [PatchEntry], _ writes: GraphWrites, at: SourceLocation) throws(QueryError) {
        let present = properties(of: target, current)
        let effective = entries.filter { $0.value != nil || present[$0.key] != nil }
        guard !effective.isEmpty else { return }
        switch target {
        case .node(let node): try writes.update(node, patch: PropertyPatch(effective), labels: nil, at: at)
        case .relationship(let relationship): try writes.update(relationship, patch: PropertyPatch(effective), at: at)
        default: break
        }
    }

    private func properties(of target: Value, _ evaluator: Evaluator) -> Properties {
        switch target {
        case .node(let node): evaluator.view.properties(of: node)
        case .relationship(let relationship): evaluator.view.properties(of: relationship)
        default: Properties()
        }
    }

    /// The entries `SET v = …` / `SET v += …` assigns: a map's, or another element's properties.
    private func assignedProperties(_ value: Value, _ evaluator: Evaluator, at: SourceLocation) throws(QueryError) -> [(
        key: String, value: Value
    )] {
        switch value {
        case .map(let entries): return entries
        case .node, .relationship: return properties(of: value, evaluator).map { ($0.key, Value($0.value)) }
        case .null: return []
        default: throw QueryError(.typeError, "SET expects a map (or a node or relationship), got \(withArticle(value.typeName))", at: at)
        }
    }

    /// `@id` is an element's identity, not a property: it is fixed when the element is created.
    private func checkAssignable(_ key: String, at: SourceLocation) throws(QueryError) {
        if key == ElementIdentity.key {
            throw QueryError(
                .semanticError, "the id of an entity or relationship (`@id`) cannot be changed: it is given when it is created", at: at)
        }
        try checkPropertyName(key, at: at)
    }

    // MARK: DELETE

    /// Collects what every row deletes, then removes the relationships and after them the nodes, so
    /// that `DELETE n, r` of a node with its relationships succeeds as in openCypher (which checks at
    /// the end of the query).
    private func delete(_ targets: [Expression], detach: Bool, _ rows: [Row], _ writes: GraphWrites) throws(QueryError) {
        var nodes: [(Node, SourceLocation)] = []
        var relationships: [(Relationship, SourceLocation)] = []
        let evaluator = current
        for row in rows {
            try evaluator.budget.tick()
            for target in targets {
                switch try evaluator.evaluate(target, row) {
                case .null: continue
                case .node(let node): nodes.append((node, target.location))
                case .relationship(let relationship): relationships.append((relationship, target.location))
                case .path(let path):
                    relationships += path.relationships.map { ($0, target.location) }
                    nodes += path.nodes.map { ($0, target.location) }
                case let other:
                    throw QueryError(
                        .typeError, "DELETE expects a node, relationship or path, got \(withArticle(other.typeName))", at: target.location)
                }
            }
        }
        for (relationship, at) in relationships { try writes.delete(relationship, at: at) }
        for (node, at) in nodes { try writes.delete(node, detach: detach, at: at) }
    }
}

extension QueryError {
    /// A writing clause in a query run as a read.
    static func readOnly(_ clause: Clause) -> QueryError {
        QueryError(
            .forbidden,
            "\(clause.keyword) writes to the graph: run the query as a write (`kennis query --write`; over HTTP, POST /query with a write token)",
            at: clause.location)
    }
}

extension Clause {
    /// The clause's keyword, for messages.
    var keyword: String {
        switch self {
        case .match(let match): match.optional ? "OPTIONAL MATCH" : "MATCH"
        case .unwind: "UNWIND"
        case .with: "WITH"
        case .return: "RETURN"
        case .call: "CALL"
        case .create: "CREATE"
        case .merge: "MERGE"
        case .set: "SET"
        case .remove: "REMOVE"
        case .delete(_, let detach, _): detach ? "DETACH DELETE" : "DELETE"
        }
    }

    /// Where the clause starts, when the tree keeps it.
    var location: SourceLocation? {
        switch self {
        case .match(let match): match.location
        case .unwind(_, _, let at), .create(_, let at), .set(_, let at), .remove(_, let at), .delete(_, _, let at): at
        case .call(let call): call.location
        case .merge(let merge): merge.location
        case .with(let projection, _), .return(let projection): projection.location
        }
    }
}
