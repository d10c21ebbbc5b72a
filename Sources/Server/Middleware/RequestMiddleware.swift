// Around every request: an id (`X-Request-Id`, and in the log line), cross-origin requests refused
// (`SameOrigin`), the concurrency limit (503 past it; event streams have their own), errors turned into
// docs/http.md's JSON bodies whatever threw them (a known path with another method is 405 with `Allow`; a body that breaks HTTP framing is 400; an
// unexpected error is 500, logged with the request id), one log line per request (method, path, status,
// time; never a header, so never a token), and the request metrics.
import HTTPTypes
import Hummingbird
import Logging
import NIOHTTP1

/// The server's one middleware.
struct RequestMiddleware: RouterMiddleware {
    typealias Context = KennisRequestContext
    let server: ServerContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.requestID = RequestID.next()
        let clock = ContinuousClock()
        let started = clock.now
        let route = context.endpointPath ?? "unmatched"
        let isStream = route == "/events/stream"
        let limited = !isStream && route != "/health" && route != "/metrics"
        var response: Response
        if let refusal = SameOrigin.refusal(of: request) {
            response = try refusal.response(from: request, context: context)
        } else if limited && !server.admission.enter() {
            var error = APIError(.serviceUnavailable, "Overloaded", "the server is handling as many requests as it may; try again shortly")
            error.headers[.retryAfter] = "1"
            response = try error.response(from: request, context: context)
        } else {
            defer { if limited { server.admission.leave() } }
            do {
                response = try await next(request, context)
            } catch let error as APIError {
                response = try error.response(from: request, context: context)
            } catch let error as HTTPError {
                response = try Self.apiError(error, request).response(from: request, context: context)
            } catch let error as HTTPParserError {
                response = try APIError(framing: error).response(from: request, context: context)
            } catch {
                server.logger.error("\(request.method) \(request.uri.path): \(error)", metadata: ["request": .string(context.requestID)])
                response = try APIError(
                    .internalServerError, "InternalError", "the server failed to answer; its log names request \(context.requestID)"
                ).response(from: request, context: context)
            }
        }
        response.headers[RequestID.field] = context.requestID
        response.headers[.xContentTypeOptions] = "nosniff"
        let elapsed = clock.now - started
        server.metrics.request(route: route, method: request.method.rawValue, status: response.status.code, duration: elapsed)
        server.logger.info(
            "\(request.method) \(request.uri.path) \(response.status.code) \(Self.format(elapsed))",
            metadata: ["route": .string(route), "request": .string(context.requestID)])
        return response
    }

    /// Hummingbird's own errors in the API's shape. The router answers a known path with another
    /// method as not found: that is 405 with the methods the path has (RFC 9110).
    private static func apiError(_ error: HTTPError, _ request: Request) -> APIError {
        if error.status == .notFound {
            let methods = OpenAPIDocument.methods(forPath: request.uri.path)
            if !methods.isEmpty {
                var refusal = APIError(
                    .methodNotAllowed, "MethodNotAllowed",
                    "\(request.uri.path) answers \(methods.joined(separator: ", ")), not \(request.method.rawValue)")
                refusal.headers[.allow] = methods.joined(separator: ", ")
                return refusal
            }
        }
        let code: String
        switch error.status {
        case .notFound: code = "NotFound"
        case .methodNotAllowed: code = "MethodNotAllowed"
        case .contentTooLarge: code = "PayloadTooLarge"
        case .badRequest: code = "BadRequest"
        default: code = "HTTPError"
        }
        return APIError(error.status, code, error.body ?? error.status.reasonPhrase)
    }

    private static func format(_ duration: Duration) -> String {
        let milliseconds = duration.milliseconds
        return milliseconds < 10 ? "\((milliseconds * 100).rounded() / 100)ms" : "\(Int(milliseconds.rounded()))ms"
    }
}
