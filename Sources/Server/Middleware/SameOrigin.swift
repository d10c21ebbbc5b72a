// Requests that a browser sends on behalf of another site's page are refused (403), so that a page
// elsewhere can neither read from nor write to a Kennis server on a user's machine through their
// browser (with a token the workbench keeps, or on a server whose reads are open). Browsers name the
// page's origin in `Origin` (every cross-origin request, and same-origin requests that are not GET or
// HEAD) and say `Sec-Fetch-Site: cross-site`; programs such as curl send neither and are unaffected.
import HTTPTypes
import Hummingbird

enum SameOrigin {
    /// Why `request` is refused as cross-origin, or nil.
    static func refusal(of request: Request) -> APIError? {
        if request.headers[secFetchSite] == "cross-site" {
            return forbidden("the request comes from another site's page (Sec-Fetch-Site: cross-site)")
        }
        guard let origin = request.headers[.origin] else { return nil }
        let host = request.head.authority ?? ""
        guard !host.isEmpty, origin == "http://" + host || origin == "https://" + host else {
            return forbidden("cross-origin requests are refused: the page at \(origin.prefix(200)) is not this server's")
        }
        return nil
    }

    private static func forbidden(_ message: String) -> APIError { APIError(.forbidden, "Forbidden", message) }

    private static let secFetchSite = HTTPField.Name("Sec-Fetch-Site")!
}
