// Expressions by recursive descent with one function per precedence level of openCypher, loosest
// first: OR, XOR, AND, NOT, comparison, string/list/null predicates, + -, * / %, ^, unary + -,
// postfix (property, index, slice), atom. Each function's comment is the rule it implements.

/// Parses expressions from a token stream; the clause parser shares its cursor.
public struct ExpressionParser {
    var tokens: [Token]
    var position = 0

    public init(tokens: [Token]) { self.tokens = tokens }

    /// Parses the whole text as one expression.
    public static func parse(_ text: String) throws(QueryError) -> Expression {
        var parser = ExpressionParser(tokens: try Lexer.tokenize(text))
        let expression = try parser.expression()
        guard parser.current.kind == .end else { throw parser.unexpected("the end of the expression") }
        return expression
    }

    var current: Token { tokens[position] }
    private func peek(_ ahead: Int) -> Token { peekToken(ahead) }

    mutating func advance() { if position < tokens.count - 1 { position += 1 } }

    mutating func accept(keyword word: String) -> Bool {
        guard current.isKeyword(word) else { return false }
        advance()
        return true
    }

    mutating func accept(_ symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func expect(_ symbol: String, _ what: String) throws(QueryError) {
        guard accept(symbol) else { throw unexpected("'\(symbol)' \(what)") }
    }

    mutating func expect(keyword word: String) throws(QueryError) {
        guard accept(keyword: word) else { throw unexpected(word) }
    }

    /// A SyntaxError at the current token: what was expected and what was found.
    func unexpected(_ expected: String) -> QueryError {
        QueryError(.syntaxError, "expected \(expected), found \(describe(current))", at: current.location)
    }

    private func describe(_ token: Token) -> String {
        switch token.kind {
        case .end: "the end of the query"
        case .identifier(let name, _): "'\(name)'"
        case .integer(let n): "\(n)"
        case .integerMinMagnitude: "9223372036854775808"
        case .float(let x): "\(x)"
        case .string: "a string"
        case .parameter(let name): "$\(name)"
        case .symbol(let s): "'\(s)'"
        }
    }

    /// A name: an unquoted or `quoted` identifier.
    mutating func name(_ what: String) throws(QueryError) -> String {
        guard case .identifier(let name, _) = current.kind else { throw unexpected(what) }
        advance()
        return name
    }

    /// Expression ::= OrExpression
    public mutating func expression() throws(QueryError) -> Expression { try or() }

    /// OrExpression ::= XorExpression (OR XorExpression)*
    private mutating func or() throws(QueryError) -> Expression {
        var left = try xor()
        while current.isKeyword("OR") {
            let at = current.location
            advance()
            left = Expression(.binary(.or, left, try xor()), at: at)
        }
        return left
    }

    /// XorExpression ::= AndExpression (XOR AndExpression)*
    private mutating func xor() throws(QueryError) -> Expression {
        var left = try and()
        while current.isKeyword("XOR") {
            let at = current.location
            advance()
            left = Expression(.binary(.xor, left, try and()), at: at)
        }
        return left
    }

    /// AndExpression ::= NotExpression (AND NotExpression)*
    private mutating func and() throws(QueryError) -> Expression {
        var left = try not()
        while current.isKeyword("AND") {
            let at = current.location
            advance()
            left = Expression(.binary(.and, left, try not()), at: at)
        }
        return left
    }

    /// NotExpression ::= NOT* ComparisonExpression
    private mutating func not() throws(QueryError) -> Expression {
        if current.isKeyword("NOT") {
            let at = current.location
            advance()
            return Expression(.unary(.not, try not()), at: at)
        }
        return try comparison()
    }

    /// ComparisonExpression ::= PredicateExpression ((= | <> | != | < | <= | > | >=) PredicateExpression)*
    /// A chain `a < b < c` means `a < b AND b < c`, as in openCypher.
    private mutating func comparison() throws(QueryError) -> Expression {
        let first = try predicate()
        var operands = [first]
        var operators: [(BinaryOperator, SourceLocation)] = []
        while case .symbol(let symbol) = current.kind, let op = Self.comparisons[symbol] {
            operators.append((op, current.location))
            advance()
            operands.append(try predicate())
        }
        guard !operators.isEmpty else { return first }
        var result: Expression?
        for (i, (op, at)) in operators.enumerated() {
            let link = Expression(.binary(op, operands[i], operands[i + 1]), at: at)
            result = result.map { Expression(.binary(.and, $0, link), at: $0.location) } ?? link
        }
        return result!
    }

    private static let comparisons: [String: BinaryOperator] = [
        "=": .equal, "<>": .notEqual, "!=": .notEqual, "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    /// PredicateExpression ::= AddExpression (STARTS WITH a | ENDS WITH a | CONTAINS a | IN a | =~ a | IS [NOT] NULL)*
    private mutating func predicate() throws(QueryError) -> Expression {
        var left = try additive()
        while true {
            let at = current.location
            if current.isKeyword("STARTS") && peek(1).isKeyword("WITH") {
                advance()
                advance()
                left = Expression(.binary(.startsWith, left, try additive()), at: at)
            } else if current.isKeyword("ENDS") && peek(1).isKeyword("WITH") {
                advance()
                advance()
                left = Expression(.binary(.endsWith, left, try additive()), at: at)
            } else if accept(keyword: "CONTAINS") {
                left = Expression(.binary(.contains, left, try additive()), at: at)
            } else if accept(keyword: "IN") {
                left = Expression(.binary(.inList, left, try additive()), at: at)
            } else if accept("=~") {
                left = Expression(.binary(.regexMatch, left, try additive()), at: at)
            } else if accept(keyword: "IS") {
                let negated = accept(keyword: "NOT")
                try expect(keyword: "NULL")
                left = Expression(.isNull(left, negated: negated), at: at)
            } else {
                return left
            }
        }
    }

    /// AddExpression ::= MultiplyExpression ((+ | -) MultiplyExpression)*
    private mutating func additive() throws(QueryError) -> Expression {
        var left = try multiplicative()
        while current.isSymbol("+") || current.isSymbol("-") {
            let at = current.location
            let op: BinaryOperator = current.isSymbol("+") ? .add : .subtract
            advance()
            left = Expression(.binary(op, left, try multiplicative()), at: at)
        }
        return left
    }

    /// MultiplyExpression ::= PowerExpression ((* | / | %) PowerExpression)*
    private mutating func multiplicative() throws(QueryError) -> Expression {
        var left = try power()
        while case .symbol(let s) = current.kind, let op = ["*": BinaryOperator.multiply, "/": .divide, "%": .modulo][s] {
            let at = current.location
            advance()
            left = Expression(.binary(op, left, try power()), at: at)
        }
        return left
    }

    /// PowerExpression ::= UnaryExpression (^ UnaryExpression)*   (left-associative, as in openCypher)
    private mutating func power() throws(QueryError) -> Expression {
        var left = try unary()
        while current.isSymbol("^") {
            let at = current.location
            advance()
            left = Expression(.binary(.power, left, try unary()), at: at)
        }
        return left
    }

    /// UnaryExpression ::= (+ | -)* PostfixExpression
    private mutating func unary() throws(QueryError) -> Expression {
        let at = current.location
        if accept("-") {
            if current.kind == .integerMinMagnitude {
                advance()
                return Expression(.integer(.min), at: at)
            }
            let operand = try unary()
            // Fold a negated literal, so that -9223372036854775808 is representable.
            if case .integer(let n) = operand.kind { return Expression(.integer(0 &- n), at: at) }
            if case .float(let x) = operand.kind { return Expression(.float(-x), at: at) }
            return Expression(.unary(.negate, operand), at: at)
        }
        if accept("+") { return Expression(.unary(.plus, try unary()), at: at) }
        return try postfix()
    }

    /// PostfixExpression ::= Atom ('.' Name | '[' Expression ']' | '[' [Expression] '..' [Expression] ']')* (':' Name)*
    private mutating func postfix() throws(QueryError) -> Expression {
        var base = try atom()
        while true {
            if current.isSymbol(".") {
                advance()
                base = Expression(.property(base, try name("a property name after '.'")), at: base.location)
            } else if current.isSymbol("[") {
                advance()
                let from = current.isSymbol("..") ? nil : try expression()
                if accept("..") {
                    let to = current.isSymbol("]") ? nil : try expression()
                    try expect("]", "to close the slice")
                    base = Expression(.slice(base, from, to), at: base.location)
                } else {
                    try expect("]", "to close the index")
                    base = Expression(.index(base, from!), at: base.location)
                }
            } else if current.isSymbol(":") {
                var labels: [String] = []
                while accept(":") { labels.append(try name("a label after ':'")) }
                return Expression(.hasLabels(base, labels), at: base.location)
            } else {
                return base
            }
        }
    }
}
