// Parser: tokens → Statement. Recursive descent, one function per grammar rule (its comment is the
// rule), sharing the expression parser's cursor. Clauses outside the subset are refused with an
// UnsupportedFeature naming them, never guessed at.

/// Parses a whole query.
public enum Parser {
    /// The statement of `text`, or the first SyntaxError / UnsupportedFeature with its place.
    public static func parse(_ text: String) throws(QueryError) -> Statement {
        let lexer = Lexer(text)
        var parser = ExpressionParser(tokens: try Lexer.tokenize(text), source: lexer)
        let statement = try parser.statement(source: lexer)
        return statement
    }
}

extension ExpressionParser {
    /// Statement ::= [EXPLAIN | PROFILE] [AS OF Expression] [VALID AT Expression] SingleQuery
    ///     (UNION [ALL] SingleQuery)* [';']   — AS OF and VALID AT in either order.
    mutating func statement(source: Lexer) throws(QueryError) -> Statement {
        // Not reserved words: a query never starts with a name, so a first EXPLAIN or PROFILE is the prefix.
        var mode = Statement.Mode.run
        if current.isKeyword("EXPLAIN") || current.isKeyword("PROFILE") {
            mode = current.isKeyword("EXPLAIN") ? .explain : .profile
            advance()
        }
        var asOf: Expression?, validAt: Expression?
        // Not reserved words either: a query never starts with a name.
        for _ in 0..<2 {
            if asOf == nil && current.isKeyword("AS") && peekIsKeyword(1, "OF") {
                advance()
                advance()
                asOf = try expression()
            } else if validAt == nil && current.isKeyword("VALID") && peekIsKeyword(1, "AT") {
                advance()
                advance()
                validAt = try expression()
            }
        }
        var parts = [try singleQuery(source: source)]
        var unionAll: [Bool] = []
        while accept(keyword: "UNION") {
            unionAll.append(accept(keyword: "ALL"))
            parts.append(try singleQuery(source: source))
        }
        _ = accept(";")
        guard current.kind == .end else { throw unexpected("the end of the query") }
        return Statement(mode: mode, asOf: asOf, validAt: validAt, parts: parts, unionAll: unionAll)
    }

    /// SingleQuery ::= Clause* (RETURN Projection | a lone CALL | an updating clause at the end)
    /// (`inBraces`: a subquery's, which ends before its '}' and need not RETURN.)
    mutating func singleQuery(source: Lexer, inBraces: Bool = false) throws(QueryError) -> SingleQuery {
        var clauses: [Clause] = []
        let start = current.location
        while true {
            let at = current.location
            if current.isKeyword("OPTIONAL") || current.isKeyword("MATCH") {
                clauses.append(.match(try match()))
            } else if accept(keyword: "UNWIND") {
                let list = try expression()
                try expect(keyword: "AS")
                clauses.append(.unwind(list, variable: try name("a variable after AS"), at: at))
            } else if accept(keyword: "WITH") {
                let projection = try projection(at: at, source: source)
                let predicate = accept(keyword: "WHERE") ? try expression() : nil
                clauses.append(.with(projection, where: predicate))
            } else if accept(keyword: "RETURN") {
                clauses.append(.return(try projection(at: at, source: source)))
                return SingleQuery(clauses: clauses)
            } else if accept(keyword: "CALL") {
                clauses.append(.call(try procedureCall(at: at)))
            } else if let clause = try updatingClause() {
                clauses.append(clause)
            } else if let feature = unsupportedClause() {
                throw QueryError(.unsupportedFeature, "\(feature) is not supported yet", at: at)
            } else {
                break
            }
        }
        if clauses.count == 1, case .call = clauses[0] { return SingleQuery(clauses: clauses) }
        if inBraces && !clauses.isEmpty && current.isSymbol("}") { return SingleQuery(clauses: clauses) }
        // A query that writes may end with its last writing clause.
        if let last = clauses.last, last.isUpdating, current.kind == .end || current.isKeyword("UNION") || current.isSymbol(";") {
            return SingleQuery(clauses: clauses)
        }
        if clauses.isEmpty { throw unexpected("a clause (MATCH, UNWIND, WITH, RETURN, CALL, CREATE, MERGE, SET, REMOVE, DELETE)") }
        if current.kind == .end || current.isKeyword("UNION") || current.isSymbol(";") {
            throw QueryError(.syntaxError, "a query must end with RETURN", at: clauses.isEmpty ? start : current.location)
        }
        throw unexpected("a clause (MATCH, UNWIND, WITH, RETURN, CALL, CREATE, MERGE, SET, REMOVE, DELETE)")
    }

    /// The name of a clause outside the subset, if the current token starts one.
    private func unsupportedClause() -> String? {
        for word in ["FOREACH", "LOAD", "USING"] where current.isKeyword(word) { return word }
        return nil
    }

    /// Match ::= [OPTIONAL] MATCH PatternPart (',' PatternPart)* [WHERE Expression]
    private mutating func match() throws(QueryError) -> Match {
        let at = current.location
        let optional = accept(keyword: "OPTIONAL")
        try expect(keyword: "MATCH")
        let patterns = try patternParts()
        let predicate = accept(keyword: "WHERE") ? try expression() : nil
        return Match(optional: optional, patterns: patterns, predicate: predicate, location: at)
    }

    /// Projection ::= [DISTINCT] ('*' [',' Item (',' Item)*] | Item (',' Item)*) [ORDER BY Sort (',' Sort)*] [SKIP e] [LIMIT e]
    /// Item ::= Expression [AS Variable]
    private mutating func projection(at: SourceLocation, source: Lexer) throws(QueryError) -> Projection {
        let distinct = accept(keyword: "DISTINCT")
        let star = accept("*")
        var items: [ProjectionItem] = []
        if !star || accept(",") {
            repeat {
                let first = current
                let expression = try expression()
                let text = source.text(from: first.location.offset, to: tokens[position - 1].end)
                let alias = accept(keyword: "AS") ? try name("a name after AS") : nil
                items.append(ProjectionItem(expression: expression, alias: alias, text: text))
            } while accept(",")
        }
        var orderBy: [SortItem] = []
        if accept(keyword: "ORDER") {
            try expect(keyword: "BY")
            repeat {
                let first = current
                let expression = try expression()
                let text = source.text(from: first.location.offset, to: tokens[position - 1].end)
                let descending = accept(keyword: "DESC") || accept(keyword: "DESCENDING")
                if !descending { _ = accept(keyword: "ASC") || accept(keyword: "ASCENDING") }
                orderBy.append(SortItem(expression: expression, descending: descending, text: text))
            } while accept(",")
        }
        let skip = accept(keyword: "SKIP") ? try expression() : nil
        let limit = accept(keyword: "LIMIT") ? try expression() : nil
        return Projection(distinct: distinct, star: star, items: items, orderBy: orderBy, skip: skip, limit: limit, location: at)
    }

    /// ProcedureCall ::= CALL Name ('.' Name)* '(' [Expression (',' Expression)*] ')' [YIELD Field [AS v] (',' …)* [WHERE e]]
    private mutating func procedureCall(at: SourceLocation) throws(QueryError) -> ProcedureCall {
        var name = try self.name("a procedure name")
        while accept(".") { name += "." + (try self.name("a procedure name")) }
        try expect("(", "to open the argument list")
        var arguments: [Expression] = []
        if !accept(")") {
            repeat { arguments.append(try expression()) } while accept(",")
            try expect(")", "to close the argument list")
        }
        var yields: [YieldItem] = []
        var predicate: Expression?
        if accept(keyword: "YIELD") {
            repeat {
                let field = try self.name("a field to yield")
                yields.append(YieldItem(field: field, alias: accept(keyword: "AS") ? try self.name("a name after AS") : nil))
            } while accept(",")
            predicate = accept(keyword: "WHERE") ? try expression() : nil
        }
        return ProcedureCall(name: name, arguments: arguments, yields: yields, predicate: predicate, location: at)
    }
}
