// The writing clauses: CREATE, MERGE, SET, REMOVE, DELETE and DETACH DELETE. Each function's comment is
// the rule it implements; what they mean is the executor's (Execution/Executor+Writes.swift).

extension ExpressionParser {
    /// The writing clause at the current token, if one starts here.
    mutating func updatingClause() throws(QueryError) -> Clause? {
        let at = current.location
        if accept(keyword: "CREATE") {
            // Create ::= CREATE PatternPart (',' PatternPart)*
            let patterns = try patternParts()
            return .create(patterns, at: at)
        }
        if accept(keyword: "MERGE") { return .merge(try merge(at: at)) }
        if accept(keyword: "SET") { return .set(try setItems(), at: at) }
        if accept(keyword: "REMOVE") {
            // Remove ::= REMOVE RemoveItem (',' RemoveItem)*
            var items: [RemoveItem] = []
            repeat { items.append(try removeItem()) } while accept(",")
            return .remove(items, at: at)
        }
        if current.isKeyword("DETACH") || current.isKeyword("DELETE") {
            // Delete ::= [DETACH] DELETE Expression (',' Expression)*
            let detach = accept(keyword: "DETACH")
            try expect(keyword: "DELETE")
            var targets = [try expression()]
            while accept(",") { targets.append(try expression()) }
            return .delete(targets, detach: detach, at: at)
        }
        return nil
    }

    /// Merge ::= MERGE PatternPart (ON (CREATE | MATCH) SET SetItem (',' SetItem)*)*
    private mutating func merge(at: SourceLocation) throws(QueryError) -> Merge {
        let pattern = try patternPart()
        var onCreate: [SetItem] = []
        var onMatch: [SetItem] = []
        while accept(keyword: "ON") {
            if accept(keyword: "CREATE") {
                try expect(keyword: "SET")
                onCreate += try setItems()
            } else if accept(keyword: "MATCH") {
                try expect(keyword: "SET")
                onMatch += try setItems()
            } else {
                throw unexpected("CREATE or MATCH after ON")
            }
        }
        return Merge(pattern: pattern, onCreate: onCreate, onMatch: onMatch, location: at)
    }

    /// SetItems ::= SetItem (',' SetItem)*
    /// SetItem ::= Variable '.' Key '=' Expression | Variable ('=' | '+=') Expression | Variable (':' Label)+
    private mutating func setItems() throws(QueryError) -> [SetItem] {
        var items: [SetItem] = []
        repeat {
            let at = current.location
            let variable = try settableVariable()
            if accept(".") {
                let key = try name("a property name after '.'")
                if current.isSymbol(".") {
                    throw QueryError(
                        .unsupportedFeature, "SET of a nested property is not supported; set `\(variable).\(key)`", at: current.location)
                }
                try expect("=", "after the property to set")
                items.append(.property(variable: variable, key: key, value: try expression(), at: at))
            } else if accept("=") {
                items.append(.replaceProperties(variable: variable, value: try expression(), at: at))
            } else if accept("+=") {
                items.append(.mergeProperties(variable: variable, value: try expression(), at: at))
            } else if current.isSymbol(":") {
                items.append(.labels(variable: variable, labels: try labelList(), at: at))
            } else {
                throw unexpected("'.', '=', '+=' or ':' after the variable to set")
            }
        } while accept(",")
        return items
    }

    /// A SET item's variable, written bare or in parentheses: `SET (n).name = …`.
    private mutating func settableVariable() throws(QueryError) -> String {
        guard accept("(") else { return try name("a variable to set") }
        let variable = try name("a variable to set")
        try expect(")", "after the variable to set")
        return variable
    }

    /// RemoveItem ::= Variable '.' Key | Variable (':' Label)+
    private mutating func removeItem() throws(QueryError) -> RemoveItem {
        let at = current.location
        let variable = try name("a variable to remove from")
        if accept(".") { return .property(variable: variable, key: try name("a property name after '.'"), at: at) }
        guard current.isSymbol(":") else { throw unexpected("'.' or ':' after the variable to remove from") }
        return .labels(variable: variable, labels: try labelList(), at: at)
    }

    /// (':' Label)+
    private mutating func labelList() throws(QueryError) -> [String] {
        var labels: [String] = []
        while accept(":") { labels.append(try name("a label after ':'")) }
        return labels
    }
}
