// The binder on patterns: what MATCH binds (each variable with what it holds, relationships unique
// within a MATCH, paths always new) and what CREATE and MERGE may make.

extension Binder {
    /// Adds the variables of a pattern that CREATE or MERGE makes to `scope`, checking that it can be
    /// made: relationships have one type, a direction (MERGE may leave it open) and one hop, and bound
    /// variables are reused as they are. A new node's first label, if it has any, is its kind.
    static func bindCreated(_ part: PatternPart, into scope: inout BinderScope, _ clause: String) throws(QueryError) {
        if part.shortest != .none {
            throw QueryError(.semanticError, "\(clause) cannot make a shortest path", at: part.element.start.location)
        }
        if part.element.chain.isEmpty, let name = part.element.start.variable, scope.contains(name) {
            throw QueryError(
                .syntaxError, "`\(name)` is bound already: \(clause) (\(name)) alone would make nothing", at: part.element.start.location,
                detail: .variableAlreadyBound)
        }
        func node(_ pattern: NodePattern) throws(QueryError) {
            if let name = pattern.variable, scope.contains(name) {
                try scope.check(name, canBe: .node, at: pattern.location)
                if !pattern.labels.isEmpty || pattern.properties != nil {
                    throw QueryError(
                        .syntaxError, "`\(name)` is bound already: \(clause) can use it as (\(name)), without labels or properties",
                        at: pattern.location, detail: .variableAlreadyBound)
                }
                return
            }
            if let properties = pattern.properties { try checkCreated(properties, in: scope, clause) }
            if let name = pattern.variable { scope.insert(name, as: .node) }
        }
        try node(part.element.start)
        for step in part.element.chain {
            try node(step.node)
            let relationship = step.relationship
            if let name = relationship.variable, scope.contains(name) {
                try scope.check(name, canBe: .relationship, at: relationship.location)
                throw QueryError(
                    .syntaxError, "`\(name)` is bound already: \(clause) makes a new relationship", at: relationship.location,
                    detail: .variableAlreadyBound)
            }
            if relationship.types.count != 1 {
                throw QueryError(
                    .syntaxError, "\(clause) needs exactly one type for a relationship, as in -[:MEMBER_OF]->", at: relationship.location,
                    detail: .noSingleRelationshipType)
            }
            if relationship.length != nil {
                throw QueryError(
                    .syntaxError, "\(clause) cannot make a variable-length relationship", at: relationship.location,
                    detail: .creatingVarLength)
            }
            if relationship.direction == .either && clause == "CREATE" {
                throw QueryError(
                    .syntaxError, "CREATE needs a direction for a relationship (-> or <-)", at: relationship.location,
                    detail: .requiresDirectedRelationship)
            }
            if let properties = relationship.properties { try checkCreated(properties, in: scope, clause) }
            if let name = relationship.variable { scope.insert(name, as: .relationship) }
        }
        if let name = part.variable {
            try checkUnbound(name, in: scope, at: part.element.start.location)
            scope.insert(name, as: .path)
        }
    }

    /// The map of an element CREATE or MERGE makes (MERGE matches with it, so it is written out).
    static func checkCreated(_ map: Expression, in scope: BinderScope, _ clause: String) throws(QueryError) {
        if clause == "MERGE" { try checkPatternMap(map, in: scope, clause) } else { try check(map, in: scope, aggregates: false, clause) }
    }

    /// A pattern's map, which MATCH and MERGE need written out: a parameter there would hide which keys
    /// are matched (CREATE may take one: `CREATE (n $props)`).
    static func checkPatternMap(_ map: Expression, in scope: BinderScope, _ place: String) throws(QueryError) {
        if case .parameter = map.kind {
            throw QueryError(
                .syntaxError, "a parameter cannot stand for the properties of \(place): write the map out ({key: $value})",
                at: map.location, detail: .invalidParameterUse)
        }
        try check(map, in: scope, aggregates: false, place)
    }

    /// Adds a pattern's variables to `scope`, checking each property map against the variables bound
    /// before it (the matcher reads a map before it binds that element's own variable).
    /// (`relationships`: the relationship variables the MATCH has named so far: one relationship
    /// cannot be two steps of one match.)
    static func bind(_ part: PatternPart, into scope: inout BinderScope, relationships: inout Set<String>) throws(QueryError) {
        func node(_ pattern: NodePattern) throws(QueryError) {
            if let properties = pattern.properties { try checkPatternMap(properties, in: scope, "a pattern") }
            guard let name = pattern.variable else { return }
            try scope.check(name, canBe: .node, at: pattern.location)
            if scope[name] != .node { scope.insert(name, as: .node) }
        }
        if let name = part.variable { try checkUnbound(name, in: scope, at: part.element.start.location) }
        try node(part.element.start)
        for step in part.element.chain {
            let relationship = step.relationship
            if let properties = relationship.properties { try checkPatternMap(properties, in: scope, "a pattern") }
            if let name = relationship.variable {
                if !relationships.insert(name).inserted {
                    throw QueryError(
                        .syntaxError, "`\(name)` names two relationships of one MATCH: a relationship is matched once per match",
                        at: relationship.location, detail: .relationshipUniquenessViolation)
                }
                let kind: VariableKind = relationship.length == nil ? .relationship : .relationships
                try scope.check(name, canBe: kind, at: relationship.location)
                if scope[name] != kind { scope.insert(name, as: kind) }
            }
            try node(step.node)
        }
        if let name = part.variable {
            // Unbound before the pattern (checked above): bound now only by one of its own elements.
            try checkUnbound(name, in: scope, at: part.element.start.location)
            scope.insert(name, as: .path)
        }
    }
}
