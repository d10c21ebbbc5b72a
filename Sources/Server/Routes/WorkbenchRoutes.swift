// GET / (the web workbench's page), GET /workbench/{name} (its scripts and styles, embedded in the
// binary) and GET /examples (the analysts' queries it offers to open). The page and its files hold no
// data, so they need no token; everything the page shows comes from the API with the token the user
// gives it. The Content-Security-Policy lets the page run only its own scripts and talk only to this
// server: nothing is fetched from, or sent to, any other host.
import HTTPTypes
import Hummingbird
import NIOCore

extension ServerContext {
    func addWorkbenchRoutes(open: some RouterMethods<KennisRequestContext>, readers: some RouterMethods<KennisRequestContext>) {
        open.get("/") { request, _ in
            try Self.send(WorkbenchAssets.byName["index.html"], for: request)
        }
        open.get("/workbench/{name}") { request, context in
            try Self.send(WorkbenchAssets.byName[try context.parameters.decoded("name")], for: request)
        }
        readers.get("/examples") { _, _ in
            jsonResponse(
                .ok,
                jsonBody { json in
                    json.beginObject()
                    json.key("examples")
                    json.beginArray()
                    for example in examples {
                        json.beginObject()
                        json.key("name")
                        json.string(example.name)
                        json.key("description")
                        json.string(example.description)
                        json.key("query")
                        json.string(example.query)
                        json.endObject()
                    }
                    json.endArray()
                    json.endObject()
                })
        }
    }

    /// The policy of every workbench file: its own scripts, styles and images, requests to this server.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// An embedded file (gzipped when the client takes it; 304 for its ETag), or 404.
    private static func send(_ asset: WorkbenchAsset?, for request: Request) throws -> Response {
        guard let asset else { throw APIError.notFound("the workbench has no such file") }
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.eTag] = asset.etag
        // Revalidated on every load (a new binary may serve new files), answered by 304 when unchanged.
        headers[.cacheControl] = "no-cache"
        headers[.referrerPolicy] = "no-referrer"
        headers[.crossOriginOpenerPolicy] = "same-origin"
        headers[.crossOriginResourcePolicy] = "same-origin"
        headers[.vary] = "Accept-Encoding"
        if request.ifNoneMatch(asset.etag) { return Response(status: .notModified, headers: headers) }
        return asset.body.response(to: request, contentType: asset.contentType, headers: headers)
    }
}

extension HTTPField.Name {
    static let referrerPolicy = Self("Referrer-Policy")!
    static let crossOriginOpenerPolicy = Self("Cross-Origin-Opener-Policy")!
}
