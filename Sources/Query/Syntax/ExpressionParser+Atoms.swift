// The atoms of an expression: literals, parameters, variables, lists and list comprehensions, maps,
// parentheses, CASE, function calls (with DISTINCT and count(*)), and the list quantifiers.

extension ExpressionParser {
    /// Atom ::= literal | parameter | ListLiteral | ListComprehension | MapLiteral | '(' Expression ')'
    ///        | CaseExpression | FunctionCall | Quantifier | Variable
    mutating func atom() throws(QueryError) -> Expression {
        let at = current.location
        switch current.kind {
        case .integer(let n):
            advance()
            return Expression(.integer(n), at: at)
        case .float(let x):
            advance()
            return Expression(.float(x), at: at)
        case .integerMinMagnitude:
            throw QueryError(.syntaxError, "the integer 9223372036854775808 does not fit in 64 bits", at: at)
        case .string(let s):
            advance()
            return Expression(.string(s), at: at)
        case .parameter(let name):
            advance()
            return Expression(.parameter(name), at: at)
        case .symbol("["):
            return try listOrComprehension()
        case .symbol("{"):
            return try make(.map(try mapLiteral()), at: at)
        case .symbol("("):
            // A pattern predicate `(a)-[…]-(b)` or a parenthesized expression: try the pattern first.
            let saved = position
            if !failedPatterns.contains(saved) {
                if let element = try? patternElement(), !element.chain.isEmpty { return try make(.pattern(element), at: at) }
                failedPatterns.insert(saved)
            }
            position = saved
            advance()
            let inner = try expression()
            try expect(")", "to close the parenthesis")
            return inner
        case .identifier(let name, let quoted):
            if !quoted {
                switch name.uppercased() {
                case "NULL":
                    advance()
                    return Expression(.null, at: at)
                case "TRUE", "FALSE":
                    advance()
                    return Expression(.boolean(name.uppercased() == "TRUE"), at: at)
                case "CASE":
                    return try caseExpression()
                case "EXISTS" where peekToken(1).isSymbol("{"):
                    return try subquery(.exists)
                case "COUNT" where peekToken(1).isSymbol("{"):
                    return try subquery(.count)
                case let word where Self.reserved.contains(word):
                    throw unexpected("an expression")
                default: break
                }
            }
            advance()
            if let dotted = namespacedFunctionName(name) { return try functionCall(dotted, at: at) }
            if current.isSymbol("(") {
                if !quoted, let quantifier = Quantifier(rawValue: name.lowercased()), isQuantifier() {
                    return try quantified(quantifier, at: at)
                }
                return try functionCall(name, at: at)
            }
            return Expression(.variable(name), at: at)
        default:
            throw unexpected("an expression")
        }
    }

    /// Words that start or continue clauses and operators: never a variable without backticks.
    static let reserved: Set<String> = [
        "MATCH", "OPTIONAL", "WHERE", "RETURN", "WITH", "UNWIND", "ORDER", "BY", "SKIP", "LIMIT", "UNION", "CREATE",
        "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "CALL", "YIELD", "AS", "AND", "OR", "XOR", "IN", "IS", "STARTS",
        "ENDS", "CONTAINS", "DISTINCT", "ASC", "DESC", "ASCENDING", "DESCENDING", "WHEN", "THEN", "ELSE", "END",
    ]

    /// MapLiteral ::= '{' [Name ':' Expression (',' Name ':' Expression)*] '}'
    mutating func mapLiteral() throws(QueryError) -> [MapEntry] {
        try expect("{", "to open a map")
        var entries: [MapEntry] = []
        if accept("}") { return entries }
        repeat {
            let key = try name("a map key")
            try expect(":", "after the map key")
            entries.append(MapEntry(key: key, value: try expression()))
        } while accept(",")
        try expect("}", "to close the map")
        return entries
    }

    /// ListLiteral ::= '[' [Expression (',' Expression)*] ']'
    /// ListComprehension ::= '[' Variable IN Expression [WHERE Expression] ['|' Expression] ']'
    private mutating func listOrComprehension() throws(QueryError) -> Expression {
        let at = current.location
        advance()
        if let comprehension = try patternComprehension(at: at) { return comprehension }
        if case .identifier(let variable, _) = current.kind, peekIsKeyword(1, "IN") {
            advance()
            advance()
            let list = try expression()
            let predicate = accept(keyword: "WHERE") ? try expression() : nil
            let projection = accept("|") ? try expression() : nil
            try expect("]", "to close the list comprehension")
            return try make(.listComprehension(variable: variable, list: list, predicate: predicate, projection: projection), at: at)
        }
        var items: [Expression] = []
        if !accept("]") {
            repeat { items.append(try expression()) } while accept(",")
            try expect("]", "to close the list")
        }
        return try make(.list(items), at: at)
    }

    /// CaseExpression ::= CASE [Expression] (WHEN Expression THEN Expression)+ [ELSE Expression] END
    private mutating func caseExpression() throws(QueryError) -> Expression {
        let at = current.location
        advance()
        let subject = current.isKeyword("WHEN") ? nil : try expression()
        var branches: [CaseBranch] = []
        while accept(keyword: "WHEN") {
            let condition = try expression()
            try expect(keyword: "THEN")
            branches.append(CaseBranch(condition: condition, result: try expression()))
        }
        guard !branches.isEmpty else { throw unexpected("WHEN") }
        let otherwise = accept(keyword: "ELSE") ? try expression() : nil
        try expect(keyword: "END")
        return try make(.caseWhen(subject: subject, branches: branches, otherwise: otherwise), at: at)
    }

    /// A function name with a namespace — `date.truncate(`, `duration.between(` — read when the name
    /// just read is followed by `.name` parts and then `(`; nil (nothing read) for anything else, such
    /// as a property read `n.name`.
    private mutating func namespacedFunctionName(_ first: String) -> String? {
        var ahead = 0
        var parts = [first]
        while peekToken(ahead).isSymbol("."), case .identifier(let part, _) = peekToken(ahead + 1).kind {
            parts.append(part)
            ahead += 2
        }
        guard parts.count > 1, peekToken(ahead).isSymbol("(") else { return nil }
        for _ in 0..<ahead { advance() }
        return parts.joined(separator: ".")
    }

    /// FunctionCall ::= Name '(' [DISTINCT] [Expression (',' Expression)*] ')' | count '(' '*' ')'
    private mutating func functionCall(_ name: String, at: SourceLocation) throws(QueryError) -> Expression {
        try expect("(", "to open the argument list")
        if name.lowercased() == "count" && accept("*") {
            try expect(")", "after count(*")
            return Expression(.countStar, at: at)
        }
        let distinct = accept(keyword: "DISTINCT")
        var arguments: [Expression] = []
        if !accept(")") {
            repeat { arguments.append(try expression()) } while accept(",")
            try expect(")", "to close the argument list")
        }
        return try make(.function(name: name, distinct: distinct, arguments: arguments), at: at)
    }

    /// Quantifier ::= (all | any | none | single) '(' Variable IN Expression WHERE Expression ')'
    private mutating func quantified(_ quantifier: Quantifier, at: SourceLocation) throws(QueryError) -> Expression {
        try expect("(", "after \(quantifier.rawValue)")
        let variable = try name("a variable")
        try expect(keyword: "IN")
        let list = try expression()
        try expect(keyword: "WHERE")
        let predicate = try expression()
        try expect(")", "to close \(quantifier.rawValue)(…)")
        return try make(.quantifier(quantifier, variable: variable, list: list, predicate: predicate), at: at)
    }

    /// Whether `(` `x IN` follows: a quantifier rather than a function named all/any/none/single.
    private func isQuantifier() -> Bool {
        guard case .identifier = peekToken(1).kind else { return false }
        return peekIsKeyword(2, "IN")
    }

    func peekToken(_ ahead: Int) -> Token { tokens[min(position + ahead, tokens.count - 1)] }
    func peekIsKeyword(_ ahead: Int, _ word: String) -> Bool { peekToken(ahead).isKeyword(word) }
}

extension ExpressionParser {
    /// SubqueryExpression ::= (EXISTS | COUNT) '{' (SingleQuery | PatternPart (',' PatternPart)* [WHERE Expression]) '}'
    fileprivate mutating func subquery(_ form: Subquery.Form) throws(QueryError) -> Expression {
        let at = current.location
        advance()
        try expect("{", "to open the subquery")
        let query: SingleQuery
        if ["MATCH", "OPTIONAL", "UNWIND", "WITH", "CALL", "RETURN"].contains(where: current.isKeyword) {
            query = try singleQuery(source: source, inBraces: true)
        } else {
            let patternAt = current.location
            let patterns = try patternParts()
            let predicate = accept(keyword: "WHERE") ? try expression() : nil
            query = SingleQuery(clauses: [.match(Match(optional: false, patterns: patterns, predicate: predicate, location: patternAt))])
        }
        try expect("}", "to close the subquery")
        return try make(.subquery(Subquery(form, query)), at: at)
    }

    /// PatternComprehension ::= '[' [Variable '='] PatternElement [WHERE Expression] '|' Expression ']'
    /// (after the '['), or nil with the cursor where it was when what follows is no pattern comprehension.
    fileprivate mutating func patternComprehension(at: SourceLocation) throws(QueryError) -> Expression? {
        let saved = position
        var variable: String?
        if case .identifier(let name, _) = current.kind, peekToken(1).isSymbol("=") {
            variable = name
            advance()
            advance()
        }
        let start = position
        guard current.isSymbol("("), !failedPatterns.contains(start) else {
            position = saved
            return nil
        }
        guard let element = try? patternElement() else {
            failedPatterns.insert(start)  // the atom parser need not try it again
            position = saved
            return nil
        }
        // A list holding a pattern predicate, `[(a)-->(b)]`, is no comprehension.
        guard !element.chain.isEmpty, current.isSymbol("|") || current.isKeyword("WHERE") else {
            position = saved
            return nil
        }
        let patternAt = tokens[saved].location
        let predicate = accept(keyword: "WHERE") ? try expression() : nil
        try expect("|", "before the pattern comprehension's value")
        let value = try expression()
        try expect("]", "to close the pattern comprehension")
        let part = PatternPart(variable: variable, shortest: .none, element: element)
        let match = Match(optional: false, patterns: [part], predicate: predicate, location: patternAt)
        let projection = Projection(
            distinct: false, star: false, items: [ProjectionItem(expression: value, alias: "value", text: "value")], orderBy: [],
            skip: nil, limit: nil, location: value.location)
        return try make(.subquery(Subquery(.collect, SingleQuery(clauses: [.match(match), .return(projection)]))), at: at)
    }
}
