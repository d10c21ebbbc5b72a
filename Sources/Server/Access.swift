// Who may do what: writes need a write token, reads need a read (or write) token when read tokens are
// configured. Tokens are compared in time independent of where they differ, and every configured
// token is compared, so the time of an answer says nothing about any token.
import HTTPTypes
import Hummingbird
import Kennis

/// The tokens of a server, and the checks of a request against them.
struct Access: Sendable {
    let authority: TokenAuthority

    init(writeTokens: [AccessToken], readTokens: [AccessToken]) {
        authority = TokenAuthority(writeTokens: writeTokens, readTokens: readTokens)
    }

    /// The name of the token that lets `request` write; 401 without a token or with an unknown one,
    /// 403 with a read token.
    func writer(of request: Request) throws(APIError) -> String {
        guard let presented = Self.bearer(request) else {
            throw Self.unauthorized("this route writes: it needs Authorization: Bearer <write token>")
        }
        switch authority.role(of: presented) {
        case .writer(let name): return name
        case .reader: throw APIError(.forbidden, "Forbidden", "a read token cannot write")
        case nil: throw Self.unauthorized("the token is not a token of this server")
        }
    }

    /// Checks that `request` may read (always, when the server has no read tokens).
    func checkReader(of request: Request) throws(APIError) {
        guard authority.readsNeedToken else { return }
        guard let presented = Self.bearer(request) else {
            throw Self.unauthorized("this server needs Authorization: Bearer <read token> to read")
        }
        guard authority.role(of: presented) != nil else { throw Self.unauthorized("the token is not a token of this server") }
    }

    private static func unauthorized(_ message: String) -> APIError {
        var error = APIError(.unauthorized, "Unauthorized", message)
        error.headers[.wwwAuthenticate] = "Bearer"
        return error
    }

    /// The token after `Bearer ` in the Authorization header.
    private static func bearer(_ request: Request) -> [UInt8]? {
        guard let header = request.headers[.authorization] else { return nil }
        let prefix = "bearer "
        guard header.count > prefix.count, header.lowercased().hasPrefix(prefix) else { return nil }
        return Array(header.dropFirst(prefix.count).utf8)
    }
}
