// Patterns: node and relationship patterns chained into elements, with path variables and the
// shortest-path forms.

extension ExpressionParser {
    /// Pattern ::= PatternPart (',' PatternPart)*
    mutating func patternParts() throws(QueryError) -> [PatternPart] {
        var parts = [try patternPart()]
        while accept(",") {
            // Parts are matched one inside the other, one level deeper each.
            guard parts.count < Self.maximumNesting else { throw Self.tooDeep(at: current.location) }
            parts.append(try patternPart())
        }
        return parts
    }

    /// PatternPart ::= [Variable '='] (shortestPath | allShortestPaths) '(' PatternElement ')' | PatternElement
    mutating func patternPart() throws(QueryError) -> PatternPart {
        var variable: String?
        if case .identifier(let name, _) = current.kind, peekToken(1).isSymbol("=") {
            variable = name
            advance()
            advance()
        }
        for (word, kind) in [("SHORTESTPATH", PatternPart.Shortest.one), ("ALLSHORTESTPATHS", .all)] where current.isKeyword(word) {
            advance()
            try expect("(", "after \(word.lowercased())")
            let element = try patternElement()
            try expect(")", "to close \(word.lowercased())(…)")
            return PatternPart(variable: variable, shortest: kind, element: element)
        }
        return PatternPart(variable: variable, shortest: .none, element: try patternElement())
    }

    /// PatternElement ::= NodePattern (RelationshipPattern NodePattern)*
    mutating func patternElement() throws(QueryError) -> PatternElement {
        let start = try nodePattern()
        var chain: [PatternStep] = []
        while current.isSymbol("-") || current.isSymbol("<") {
            // The matcher follows a pattern a step at a time, one level deeper each.
            guard chain.count < Self.maximumNesting else { throw Self.tooDeep(at: current.location) }
            let relationship = try relationshipPattern()
            chain.append(PatternStep(relationship: relationship, node: try nodePattern()))
        }
        return PatternElement(start: start, chain: chain)
    }

    /// NodePattern ::= '(' [Variable] (':' Label)* [Properties] ')'
    mutating func nodePattern() throws(QueryError) -> NodePattern {
        let at = current.location
        try expect("(", "to open a node pattern")
        var variable: String?
        if case .identifier(let name, _) = current.kind {
            variable = name
            advance()
        }
        var labels: [String] = []
        while accept(":") { labels.append(try name("a label after ':'")) }
        let properties = try patternProperties()
        try expect(")", "to close the node pattern")
        return NodePattern(variable: variable, labels: labels, properties: properties, location: at)
    }

    /// RelationshipPattern ::= ('<-' | '-') ['[' [Variable] [':' Type ('|' [':'] Type)*] [Range] [Properties] ']'] ('->' | '-')
    mutating func relationshipPattern() throws(QueryError) -> RelationshipPattern {
        let at = current.location
        let incoming = accept("<")
        try expect("-", "in the relationship pattern")
        var variable: String?, types: [String] = [], length: LengthRange?, properties: Expression?
        if accept("[") {
            if case .identifier(let name, _) = current.kind {
                variable = name
                advance()
            }
            if accept(":") {
                repeat {
                    _ = accept(":")
                    let type = try name("a relationship type")
                    if !types.contains(type) { types.append(type) }  // `:T|:T` is `:T`, matched once
                } while accept("|")
            }
            if accept("*") { length = try lengthRange() }
            properties = try patternProperties()
            try expect("]", "to close the relationship pattern")
        }
        try expect("-", "in the relationship pattern")
        let outgoing = accept(">")
        // `<-->` points both ways, which openCypher reads as either way, like `--`.
        let direction: RelationshipPattern.Direction = incoming == outgoing ? .either : incoming ? .incoming : .outgoing
        return RelationshipPattern(
            variable: variable, types: types, direction: direction, length: length, properties: properties, location: at)
    }

    /// Range ::= [Integer] ['..' [Integer]]   (after '*')
    private mutating func lengthRange() throws(QueryError) -> LengthRange {
        func bound(_ parser: inout ExpressionParser) throws(QueryError) -> Int? {
            guard case .integer(let n) = parser.current.kind else { return nil }
            guard n >= 0 && n <= Int64(Int32.max) else {
                throw QueryError(.syntaxError, "a path length must be between 0 and \(Int32.max)", at: parser.current.location)
            }
            parser.advance()
            return Int(n)
        }
        let minimum = try bound(&self)
        guard accept("..") else { return LengthRange(minimum: minimum, maximum: minimum) }
        return LengthRange(minimum: minimum, maximum: try bound(&self))
    }

    /// Properties ::= MapLiteral | Parameter
    private mutating func patternProperties() throws(QueryError) -> Expression? {
        let at = current.location
        if current.isSymbol("{") { return try make(.map(try mapLiteral()), at: at) }
        if case .parameter(let name) = current.kind {
            advance()
            return Expression(.parameter(name), at: at)
        }
        return nil
    }
}
