// Who may do what: writes need a write token, reads need a read (or write) token when read tokens are
// configured. Tokens are compared in time independent of where they differ, and every configured
// token is compared, so the time of an answer says nothing about any token.
import HTTPTypes
import Hummingbird
import Kennis

/// The tokens of a server, and the checks of a request against them.
struct Access: Sendable {
    let authority: TokenAuthority

    init(writeTokens: [AccessToken], readTokens: [AccessToken], adminTokens: [AccessToken] = [], stewardTokens: [AccessToken] = []) {
        authority = TokenAuthority(writeTokens: writeTokens, readTokens: readTokens, adminTokens: adminTokens, stewardTokens: stewardTokens)
    }

    /// What `request`'s token lets it do; 401 when the server needs a token to read and the request
    /// presents none of its tokens.
    func resolve(_ request: Request) throws(APIError) -> RequestAccess {
        let presented = Self.bearer(request)
        let role = presented.flatMap(authority.role(of:))
        if authority.readsNeedToken && role == nil {
            throw presented == nil
                ? Self.unauthorized("this server needs Authorization: Bearer <read token> to read")
                : Self.unauthorized("the token is not a token of this server")
        }
        return RequestAccess(role: role, presented: presented != nil)
    }

    static func unauthorized(_ message: String) -> APIError {
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

/// What a request's token lets it do, as `TokenAccess` found it (nothing, on a route outside its group).
struct RequestAccess: Sendable {
    var role: AccessRole? = nil
    /// Whether the request presented a bearer token at all.
    var presented = false

    /// The name of the write token the request presented (the events' actor); 401 without a token or
    /// with an unknown one, 403 with a read token.
    func writer() throws(APIError) -> String {
        switch role {
        case .admin(let name)?, .steward(let name)?, .writer(let name)?: return name
        case .reader?: throw APIError(.forbidden, "Forbidden", "a read token cannot write")
        case nil:
            throw presented
                ? Access.unauthorized("the token is not a token of this server")
                : Access.unauthorized("this route writes: it needs Authorization: Bearer <write token>")
        }
    }

    /// The name of the steward token the request presented (the erase permission); 401 without a token
    /// or with an unknown one, 403 with any other token.
    func steward() throws(APIError) -> String {
        switch role {
        case .steward(let name)?: return name
        case .admin?, .writer?, .reader?:
            throw APIError(.forbidden, "Forbidden", "an erasure needs a token with the erase permission (--steward-token-file)")
        case nil:
            throw presented
                ? Access.unauthorized("the token is not a token of this server")
                : Access.unauthorized("an erasure needs Authorization: Bearer <steward token>")
        }
    }

    /// The name of the admin token the request presented; 401 without a token or with an unknown one,
    /// 403 with a read or write token.
    func admin() throws(APIError) -> String {
        switch role {
        case .admin(let name)?: return name
        case .steward?, .writer?, .reader?: throw APIError(.forbidden, "Forbidden", "this operation needs an admin token")
        case nil:
            throw presented
                ? Access.unauthorized("the token is not a token of this server")
                : Access.unauthorized("this operation needs Authorization: Bearer <admin token>")
        }
    }
}
