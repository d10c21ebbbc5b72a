// The read check of the routes that read the database, in one place: the router group they are in runs
// it before any of them (401 when the server has read tokens and the request presents none of its
// tokens). The write check stays with the routes that write, which need the token's name as the actor.
import Hummingbird

struct ReaderAccess: RouterMiddleware {
    typealias Context = KennisRequestContext
    let access: Access

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try access.checkReader(of: request)
        return try await next(request, context)
    }
}
