// Every error the API answers with: a status and `{"error": {"code": …, "message": …, …}}` as
// docs/http.md's Errors say, with the details that locate it (a query's line and column, the index
// of a rejected event).
import HTTPTypes
import Hummingbird
import Kennis
import NIOCore
import NIOHTTP1

/// An error response of the API.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    /// A stable name for programs: `SyntaxError`, `NotFound`, `InvalidEvent`, ….
    let code: String
    let message: String
    /// Extra members of the error object (numbers or strings), in order.
    var details: [(String, JSONValue)] = []
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ code: String, _ message: String, details: [(String, JSONValue)] = []) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bodyBytes)))
    }

    /// The JSON body: `{"error": {"code": …, "message": …, details…}}`.
    var bodyBytes: [UInt8] {
        var json = JSONWriter()
        json.beginObject()
        json.key("error")
        json.beginObject()
        json.key("code")
        json.string(code)
        json.key("message")
        json.string(message)
        for (key, value) in details {
            json.key(key)
            json.json(value)
        }
        json.endObject()
        json.endObject()
        return json.bytes
    }

    /// The answer to a request that is not HTTP/1.1 (answered by `ConnectionGuard`, or by the
    /// middleware when a route met it reading the body).
    init(framing error: HTTPParserError) {
        switch error {
        case .headerOverflow:
            self.init(.requestHeaderFieldsTooLarge, "HeadersTooLarge", "the request line or headers are larger than the server accepts")
        case .invalidMethod:
            self.init(.badRequest, "BadRequest", "the request's method is not an HTTP method (methods are upper case: GET, POST)")
        case .invalidChunkSize:
            self.init(.badRequest, "BadRequest", "a chunk of the chunked body has an invalid size")
        case .unexpectedContentLength, .invalidContentLength:
            self.init(.badRequest, "BadRequest", "the request's Content-Length is invalid or conflicts with Transfer-Encoding")
        case .unknown:
            // The parser's catch-all, among others for a Content-Length beside a Transfer-Encoding.
            self.init(.badRequest, "BadRequest", "the request's framing is malformed or ambiguous (Content-Length, Transfer-Encoding)")
        default:
            self.init(.badRequest, "BadRequest", "the request is not valid HTTP/1.1 (\(error))")
        }
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "BadRequest", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "NotFound", message) }

    /// A query error: its code, with the status docs/http.md gives it, and its place in the query.
    init(_ error: QueryError) {
        let status: HTTPResponse.Status
        switch error.code {
        case .timeout: status = .gatewayTimeout
        case .forbidden: status = .forbidden
        case .constraintViolation, .constraintVerificationFailed:
            status = error.rule.map(Self.conflictRules.contains) == true ? .conflict : .unprocessableContent
        default: status = .badRequest
        }
        var details: [(String, JSONValue)] = []
        if let detail = error.detail { details.append(("detail", .string(detail.rawValue))) }
        if let location = error.location {
            details += [("line", .integer(Int64(location.line))), ("column", .integer(Int64(location.column)))]
        }
        if let rule = error.rule { details.append(("rule", .string(rule))) }
        self.init(status, error.code.rawValue, error.message, details: details)
    }

    /// The state rules whose breach is a conflict with the log's state (409), not a bad request (422):
    /// ids already taken or not live, and a node deleted while it has relationships.
    static let conflictRules: Set<String> = [
        "already exists", "id retired", "not live", "endpoint not live", "relation already live", "node has relationships",
        ErasureRefusal.alreadyErased.rawValue, ErasureRefusal.pseudonymTaken.rawValue,
    ]

    /// A rejected event: 409 when it does not fit the log's state (an id already live, an end not
    /// live), 422 when it is not a valid event or the schema forbids it; with its index in the batch.
    init(_ error: EventInputError) {
        let conflict = error.rule.map(Self.conflictRules.contains) ?? false
        var details: [(String, JSONValue)] = []
        if let index = error.index { details.append(("index", .integer(Int64(index)))) }
        if let field = error.field { details.append(("field", .string(field))) }
        if let rule = error.rule { details.append(("rule", .string(rule))) }
        self.init(
            conflict ? .conflict : .unprocessableContent, conflict ? "Conflict" : "InvalidEvent",
            error.field.map { "\($0): \(error.message)" } ?? error.message, details: details)
    }
}
