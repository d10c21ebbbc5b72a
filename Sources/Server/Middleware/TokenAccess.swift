// The token check of the routes that read or write the database, in one place: the router group they
// are in runs it before any of them. It resolves the presented token once (compared in constant time
// against every token of the server), refuses a read without a token when the server has read tokens
// (401), and leaves what it found in the request's context, where a route that writes asks it for the
// writer's name (401 without a token, 403 with a read token).
import Hummingbird

struct TokenAccess: RouterMiddleware {
    typealias Context = KennisRequestContext
    let access: Access

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.access = try access.resolve(request)
        return try await next(request, context)
    }
}
