// Errors as Bolt reports them: a FAILURE with a Neo4j status code (what drivers branch on: a
// ClientError is the caller's to fix, a TransientError is worth retrying) and a message that names the
// place in the query, as HTTP's line and column do.
import Kennis

/// A FAILURE to send.
struct BoltFailure: Error, Sendable {
    let code: String
    let message: String

    static func protocolViolation(_ message: String) -> BoltFailure {
        BoltFailure(code: "Neo.ClientError.Request.Invalid", message: message)
    }

    static func unauthorized(_ message: String) -> BoltFailure {
        BoltFailure(code: "Neo.ClientError.Security.Unauthorized", message: message)
    }

    static func forbidden(_ message: String) -> BoltFailure {
        BoltFailure(code: "Neo.ClientError.Security.Forbidden", message: message)
    }

    /// Any error a request ran into.
    init(_ error: any Error) {
        switch error {
        case let failure as BoltFailure: self = failure
        case let error as QueryError: self.init(query: error)
        case let error as PositionError: self.init(code: "Neo.ClientError.Statement.ArgumentError", message: error.description)
        case let error as TransactionConflict: self.init(code: "Neo.TransientError.Transaction.Outdated", message: error.description)
        case let error as EventInputError:
            self.init(code: "Neo.ClientError.Schema.ConstraintValidationFailed", message: "\(error)")
        default: self.init(code: "Neo.DatabaseError.General.UnknownError", message: "\(error)")
        }
    }

    init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    private init(query error: QueryError) {
        let place = error.location.map { " (line \($0.line), column \($0.column), offset \($0.offset))" } ?? ""
        let detail = error.detail.map { " [\($0.rawValue)]" } ?? ""
        self.init(code: Self.statusCode(of: error.code), message: error.message + place + detail)
    }

    private static func statusCode(of code: QueryError.Code) -> String {
        switch code {
        case .syntaxError: "Neo.ClientError.Statement.SyntaxError"
        case .semanticError: "Neo.ClientError.Statement.SemanticError"
        case .unsupportedFeature: "Neo.ClientError.Statement.UnsupportedFeature"
        case .typeError: "Neo.ClientError.Statement.TypeError"
        case .argumentError, .arithmeticError: "Neo.ClientError.Statement.ArgumentError"
        case .entityNotFound: "Neo.ClientError.Statement.EntityNotFound"
        case .parameterMissing: "Neo.ClientError.Statement.ParameterMissing"
        case .timeout, .cancelled: "Neo.TransientError.Transaction.Terminated"
        // A limit of the server's (rows, nesting): the same query meets it again, so not transient.
        case .limitExceeded: "Neo.ClientError.Statement.LimitExceeded"
        case .constraintViolation, .constraintVerificationFailed: "Neo.ClientError.Schema.ConstraintValidationFailed"
        case .forbidden: "Neo.ClientError.Security.Forbidden"
        }
    }
}
