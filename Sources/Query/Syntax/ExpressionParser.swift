// Expressions by recursive descent with one function per precedence level of openCypher, loosest
// first: OR, XOR, AND, NOT, comparison, string/list/null predicates, + -, * / %, ^, unary + -,
// postfix (property, index, slice), atom. Each function's comment is the rule it implements.

/// Parses expressions from a token stream; the clause parser shares its cursor.
public struct ExpressionParser {
    var tokens: [Token]
    var position = 0
    /// How many expressions the parser is inside now (parentheses, lists, maps, arguments, …).
    var nesting = 0
    /// Token positions where a pattern was tried and failed: an atom starting with '(' tries a pattern
    /// first, and without this a nest of them would be tried twice at every level (2^depth).
    var failedPatterns: Set<Int> = []

    /// The deepest an expression may nest, and the most steps a pattern or parts a clause may have:
    /// every later stage walks these trees recursively, so the limit is what keeps any query text from
    /// overflowing the stack (queries run on threads whose stack is sized for it; see QueryThreads).
    public static let maximumNesting = 1_000

    /// The text the tokens come from (a clause's items are named by their text).
    var source: Lexer

    public init(tokens: [Token], source: Lexer = Lexer("")) {
        self.tokens = tokens
        self.source = source
    }

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

    /// An expression node, refused with `LimitExceeded` when the tree would be higher than the limit.
    func make(_ kind: Expression.Kind, at location: SourceLocation) throws(QueryError) -> Expression {
        let expression = Expression(kind, at: location)
        guard expression.height <= Self.maximumNesting else { throw Self.tooDeep(at: location) }
        return expression
    }

    static func tooDeep(at location: SourceLocation) -> QueryError {
        QueryError(.limitExceeded, "the query nests deeper than \(maximumNesting) levels here", at: location)
    }

    /// Expression ::= OrExpression
    public mutating func expression() throws(QueryError) -> Expression {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maximumNesting else { throw Self.tooDeep(at: current.location) }
        return try or()
    }

    /// OrExpression ::= XorExpression (OR XorExpression)*
    private mutating func or() throws(QueryError) -> Expression {
        let first = try xor()
        // Most expressions have no OR: no arrays for them.
        guard current.isKeyword("OR") else { return first }
        var operands = [first], operators: [SourceLocation] = []
        while current.isKeyword("OR") {
            operators.append(current.location)
            advance()
            operands.append(try xor())
        }
        return try balanced(.or, operands[...], operators[...])
    }

    /// XorExpression ::= AndExpression (XOR AndExpression)*
    private mutating func xor() throws(QueryError) -> Expression {
        let first = try and()
        // Most expressions have no XOR: no arrays for them.
        guard current.isKeyword("XOR") else { return first }
        var operands = [first], operators: [SourceLocation] = []
        while current.isKeyword("XOR") {
            operators.append(current.location)
            advance()
            operands.append(try and())
        }
        return try balanced(.xor, operands[...], operators[...])
    }

    /// AndExpression ::= NotExpression (AND NotExpression)*
    private mutating func and() throws(QueryError) -> Expression {
        let first = try not()
        // Most expressions have no AND: no arrays for them.
        guard current.isKeyword("AND") else { return first }
        var operands = [first], operators: [SourceLocation] = []
        while current.isKeyword("AND") {
            operators.append(current.location)
            advance()
            operands.append(try not())
        }
        return try balanced(.and, operands[...], operators[...])
    }

    /// A chain of one associative operator (AND, OR, XOR) as a balanced tree, so that a generated
    /// `a OR b OR …` of thousands of terms stays a few levels high. Three-valued AND, OR and XOR are
    /// associative, and the operands keep their order, so the answer is the left-nested chain's.
    /// `operators[i]` is where the operator between operands i and i + 1 is written.
    private func balanced(
        _ op: BinaryOperator, _ operands: ArraySlice<Expression>, _ operators: ArraySlice<SourceLocation>
    ) throws(QueryError) -> Expression {
        guard operands.count > 1 else { return operands[operands.startIndex] }
        let middle = operands.startIndex + operands.count / 2
        let left = try balanced(op, operands[..<middle], operators[operators.startIndex..<middle - 1])
        let right = try balanced(op, operands[middle...], operators[middle...])
        return try make(.binary(op, left, right), at: operators[middle - 1])
    }

    /// NotExpression ::= NOT* ComparisonExpression
    private mutating func not() throws(QueryError) -> Expression {
        var nots: [SourceLocation] = []
        while current.isKeyword("NOT") {
            nots.append(current.location)
            advance()
        }
        var expression = try comparison()
        for at in nots.reversed() { expression = try make(.unary(.not, expression), at: at) }
        return expression
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
        var links: [Expression] = []
        for (i, (op, at)) in operators.enumerated() { links.append(try make(.binary(op, operands[i], operands[i + 1]), at: at)) }
        return try balanced(.and, links[...], links.dropLast().map(\.location)[...])
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
                left = try make(.binary(.startsWith, left, try additive()), at: at)
            } else if current.isKeyword("ENDS") && peek(1).isKeyword("WITH") {
                advance()
                advance()
                left = try make(.binary(.endsWith, left, try additive()), at: at)
            } else if accept(keyword: "CONTAINS") {
                left = try make(.binary(.contains, left, try additive()), at: at)
            } else if accept(keyword: "IN") {
                left = try make(.binary(.inList, left, try additive()), at: at)
            } else if accept("=~") {
                left = try make(.binary(.regexMatch, left, try additive()), at: at)
            } else if accept(keyword: "IS") {
                let negated = accept(keyword: "NOT")
                try expect(keyword: "NULL")
                left = try make(.isNull(left, negated: negated), at: at)
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
            left = try make(.binary(op, left, try multiplicative()), at: at)
        }
        return left
    }

    /// MultiplyExpression ::= PowerExpression ((* | / | %) PowerExpression)*
    private mutating func multiplicative() throws(QueryError) -> Expression {
        var left = try power()
        while case .symbol(let s) = current.kind, let op = ["*": BinaryOperator.multiply, "/": .divide, "%": .modulo][s] {
            let at = current.location
            advance()
            left = try make(.binary(op, left, try power()), at: at)
        }
        return left
    }

    /// PowerExpression ::= UnaryExpression (^ UnaryExpression)*   (left-associative, as in openCypher)
    private mutating func power() throws(QueryError) -> Expression {
        var left = try unary()
        while current.isSymbol("^") {
            let at = current.location
            advance()
            left = try make(.binary(.power, left, try unary()), at: at)
        }
        return left
    }

    /// UnaryExpression ::= (+ | -)* PostfixExpression
    private mutating func unary() throws(QueryError) -> Expression {
        var signs: [(UnaryOperator, SourceLocation)] = []
        while current.isSymbol("-") || current.isSymbol("+") {
            signs.append((current.isSymbol("-") ? .negate : .plus, current.location))
            advance()
        }
        var operand: Expression
        if let (op, at) = signs.last, op == .negate, current.kind == .integerMinMagnitude {
            // -9223372036854775808 is a literal of its own: the magnitude alone does not fit.
            advance()
            signs.removeLast()
            operand = Expression(.integer(.min), at: at)
        } else {
            operand = try postfix()
        }
        for (op, at) in signs.reversed() {
            // Fold a negated literal, so that a negative literal is a literal.
            if op == .negate, case .integer(let n) = operand.kind {
                operand = Expression(.integer(0 &- n), at: at)
            } else if op == .negate, case .float(let x) = operand.kind {
                operand = Expression(.float(-x), at: at)
            } else {
                operand = try make(.unary(op, operand), at: at)
            }
        }
        return operand
    }

    /// PostfixExpression ::= Atom ('.' Name | '[' Expression ']' | '[' [Expression] '..' [Expression] ']')* (':' Name)*
    private mutating func postfix() throws(QueryError) -> Expression {
        var base = try atom()
        while true {
            if current.isSymbol(".") {
                advance()
                base = try make(.property(base, try name("a property name after '.'")), at: base.location)
            } else if current.isSymbol("[") {
                advance()
                let from = current.isSymbol("..") ? nil : try expression()
                if accept("..") {
                    let to = current.isSymbol("]") ? nil : try expression()
                    try expect("]", "to close the slice")
                    base = try make(.slice(base, from, to), at: base.location)
                } else {
                    try expect("]", "to close the index")
                    base = try make(.index(base, from!), at: base.location)
                }
            } else if current.isSymbol(":") {
                var labels: [String] = []
                while accept(":") { labels.append(try name("a label after ':'")) }
                return try make(.hasLabels(base, labels), at: base.location)
            } else {
                return base
            }
        }
    }
}
