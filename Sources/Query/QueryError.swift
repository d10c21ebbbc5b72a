/// A query that cannot be run, with the openCypher TCK's error class, and where in the text when
/// the error has a place there.
public struct QueryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The classes of docs/query.md's Errors section.
    public enum Code: String, Sendable {
        case syntaxError = "SyntaxError"
        case semanticError = "SemanticError"
        case unsupportedFeature = "UnsupportedFeature"
        case typeError = "TypeError"
        /// A value of the right type the operation cannot take (`range(1, 5, 0)`, a negative `LIMIT` from a parameter).
        case argumentError = "ArgumentError"
        /// An element deleted by the query read afterwards.
        case entityNotFound = "EntityNotFound"
        /// A parameter the query reads that the request does not give.
        case parameterMissing = "ParameterMissing"
        case timeout = "Timeout"
        case limitExceeded = "LimitExceeded"
        /// Integer overflow and integer division by zero (the TCK's ArithmeticError; an addition to docs/query.md's list).
        case arithmeticError = "ArithmeticError"
        /// A write the log's rules refuse (an id already taken, a kind the schema does not allow, a node
        /// deleted with its relationships): an addition to docs/query.md's list; `rule` names the rule.
        case constraintViolation = "ConstraintViolation"
        /// A node deleted while it still has relationships (the TCK's class for it).
        case constraintVerificationFailed = "ConstraintVerificationFailed"
        /// A query that writes, run where only reading is allowed (an addition to docs/query.md's list).
        case forbidden = "Forbidden"
        /// A streamed answer's reader wanted no more rows (a client discarding the rest, a connection
        /// gone): the query stopped where it was. Never an answer of its own.
        case cancelled = "Cancelled"
    }

    /// The openCypher TCK's names for what exactly is wrong, beneath the class.
    public enum Detail: String, Sendable, CaseIterable {
        case ambiguousAggregationExpression = "AmbiguousAggregationExpression"
        case columnNameConflict = "ColumnNameConflict"
        case creatingVarLength = "CreatingVarLength"
        case deletedEntityAccess = "DeletedEntityAccess"
        case deleteConnectedNode = "DeleteConnectedNode"
        case differentColumnsInUnion = "DifferentColumnsInUnion"
        case floatingPointOverflow = "FloatingPointOverflow"
        case integerOverflow = "IntegerOverflow"
        case invalidAggregation = "InvalidAggregation"
        case invalidArgumentType = "InvalidArgumentType"
        case invalidArgumentValue = "InvalidArgumentValue"
        case invalidClauseComposition = "InvalidClauseComposition"
        case invalidDelete = "InvalidDelete"
        case invalidNumberLiteral = "InvalidNumberLiteral"
        case invalidNumberOfArguments = "InvalidNumberOfArguments"
        case invalidParameterUse = "InvalidParameterUse"
        case invalidPropertyType = "InvalidPropertyType"
        case invalidRelationshipPattern = "InvalidRelationshipPattern"
        case invalidUnicodeCharacter = "InvalidUnicodeCharacter"
        case invalidUnicodeLiteral = "InvalidUnicodeLiteral"
        case mapElementAccessByNonString = "MapElementAccessByNonString"
        case mergeReadOwnWrites = "MergeReadOwnWrites"
        case missingParameter = "MissingParameter"
        case negativeIntegerArgument = "NegativeIntegerArgument"
        case nestedAggregation = "NestedAggregation"
        case noExpressionAlias = "NoExpressionAlias"
        case noSingleRelationshipType = "NoSingleRelationshipType"
        case noVariablesInScope = "NoVariablesInScope"
        case nonConstantExpression = "NonConstantExpression"
        case numberOutOfRange = "NumberOutOfRange"
        case procedureNotFound = "ProcedureNotFound"
        case relationshipUniquenessViolation = "RelationshipUniquenessViolation"
        case requiresDirectedRelationship = "RequiresDirectedRelationship"
        case undefinedVariable = "UndefinedVariable"
        case unexpectedSyntax = "UnexpectedSyntax"
        case unknownFunction = "UnknownFunction"
        case variableAlreadyBound = "VariableAlreadyBound"
        case variableTypeConflict = "VariableTypeConflict"
    }

    public let code: Code
    /// The TCK's detail, where one applies.
    public let detail: Detail?
    public let message: String
    /// Where in the query text, when the error has a place there.
    public let location: SourceLocation?
    /// For a `ConstraintViolation`: the state rule of docs/events.md it breaks (as `EventInputError.rule`).
    public let rule: String?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil, rule: String? = nil, detail: Detail? = nil) {
        self.code = code
        self.detail = detail
        self.message = message
        self.location = location
        self.rule = rule
    }

    public var description: String {
        guard let location else { return "\(heading): \(message)" }
        return "\(heading) at line \(location.line), column \(location.column): \(message)"
    }

    /// The class, and the detail in parentheses when there is one: `SyntaxError (VariableTypeConflict)`.
    var heading: String { detail.map { "\(code.rawValue) (\($0.rawValue))" } ?? code.rawValue }
}
