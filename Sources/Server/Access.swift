// Who may do what: writes need a write token, reads need a read (or write) token when read tokens are
// configured. Tokens are compared in time independent of where they differ, and every configured
// token is compared, so the time of an answer says nothing about any token.
import HTTPTypes
import Hummingbird

/// The tokens of a server, and the checks of a request against them.
struct Access: Sendable {
    let writeTokens: [AccessToken]
    let readTokens: [AccessToken]

    /// The name of the token that lets `request` write; 401 without a token or with an unknown one,
    /// 403 with a read token.
    func writer(of request: Request) throws(APIError) -> String {
        guard let presented = Self.bearer(request) else {
            throw Self.unauthorized("this route writes: it needs Authorization: Bearer <write token>")
        }
        if let name = Self.match(presented, writeTokens) { return name }
        if Self.match(presented, readTokens) != nil { throw APIError(.forbidden, "Forbidden", "a read token cannot write") }
        throw Self.unauthorized("the token is not a token of this server")
    }

    /// Checks that `request` may read (always, when the server has no read tokens).
    func checkReader(of request: Request) throws(APIError) {
        guard !readTokens.isEmpty else { return }
        guard let presented = Self.bearer(request) else {
            throw Self.unauthorized("this server needs Authorization: Bearer <read token> to read")
        }
        let asWriter = Self.match(presented, writeTokens), asReader = Self.match(presented, readTokens)
        guard asWriter != nil || asReader != nil else { throw Self.unauthorized("the token is not a token of this server") }
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

    /// The name of the token equal to `presented`, comparing with every token in constant time.
    private static func match(_ presented: [UInt8], _ tokens: [AccessToken]) -> String? {
        var found: String? = nil
        for token in tokens where constantTimeEqual(presented, Array(token.secret.utf8)) { found = found ?? token.name }
        return found
    }

    /// Equal byte strings, in time that depends on their lengths only.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
