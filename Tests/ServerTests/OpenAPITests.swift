import Foundation
import Kennis
import Server
import TestSupport
import Testing

/// The OpenAPI document is true: every documented route answers every documented status, provoked
/// here one by one against a running server, and the document served is the table's.
struct OpenAPITests {
    /// How to make a route answer a status: the request to send, and the server's configuration.
    private struct Recipe {
        var method: String
        var path: String
        var headers: [String: String] = [:]
        var body = ""
        var needsReadTokens = false
        var tinyLimits = false
    }

    private static let token = ["Authorization": "Bearer \(TestServer.writeToken)"]
    private static let steward = ["Authorization": "Bearer \(TestServer.stewardToken)"]
    private static let event = #"[{"type":"entity.created","id":"person:openapi","kind":"Person","props":{}}]"#

    private static func recipe(_ method: String, _ path: String, _ status: Int, head: UInt64) -> Recipe? {
        switch (method, path, status) {
        case ("post", "/query", 200): Recipe(method: "POST", path: "/query", body: #"{"query": "RETURN 1"}"#)
        case ("post", "/query", 400): Recipe(method: "POST", path: "/query", body: #"{"query": "RETURN"}"#)
        case ("post", "/query", 413): Recipe(method: "POST", path: "/query", body: String(repeating: " ", count: 4096), tinyLimits: true)
        case ("post", "/query", 504):
            Recipe(
                method: "POST", path: "/query", body: #"{"query": "MATCH (a)-[*1..14]-(b) WHERE b.name = 'x' RETURN count(*)"}"#,
                tinyLimits: true)
        case ("post", "/query", 401): Recipe(method: "POST", path: "/query", body: #"{"query": "RETURN 1"}"#, needsReadTokens: true)
        case ("post", "/query", 403):
            Recipe(
                method: "POST", path: "/query", headers: ["Authorization": "Bearer \(TestServer.readToken)"],
                body: #"{"query": "CREATE (:Lab {name: 'x'})"}"#, needsReadTokens: true)
        case ("post", "/query", 409):
            Recipe(method: "POST", path: "/query", headers: token, body: #"{"query": "CREATE (:Lab {`@id`: 'lab:ai-methods'})"}"#)
        case ("post", "/query", 422):
            Recipe(method: "POST", path: "/query", headers: token, body: #"{"query": "CREATE (:Spaceship {name: 'x'})"}"#)
        case ("get", "/query", 200): Recipe(method: "GET", path: "/query?q=RETURN%201")
        case ("get", "/query", 400): Recipe(method: "GET", path: "/query")
        case ("get", "/query", 403): Recipe(method: "GET", path: "/query?q=CREATE%20(:Lab%20%7Bname:%20'x'%7D)")
        case ("get", "/query", 401): Recipe(method: "GET", path: "/query?q=RETURN%201", needsReadTokens: true)
        case ("post", "/events", 201): Recipe(method: "POST", path: "/events", headers: token, body: event)
        case ("post", "/events", 400): Recipe(method: "POST", path: "/events", headers: token, body: "{}")
        case ("post", "/events", 401): Recipe(method: "POST", path: "/events", body: event)
        case ("post", "/events", 403):
            Recipe(
                method: "POST", path: "/events", headers: ["Authorization": "Bearer \(TestServer.readToken)"], body: event,
                needsReadTokens: true)
        case ("post", "/events", 409):
            Recipe(
                method: "POST", path: "/events", headers: token,
                body: #"[{"type":"entity.created","id":"lab:ai-methods","kind":"Lab","props":{}}]"#)
        case ("post", "/events", 413):
            Recipe(method: "POST", path: "/events", headers: token, body: String(repeating: " ", count: 4096), tinyLimits: true)
        case ("post", "/events", 422): Recipe(method: "POST", path: "/events", headers: token, body: #"[{"type":"entity.created"}]"#)
        case ("get", "/events", 200): Recipe(method: "GET", path: "/events?limit=1")
        case ("get", "/events", 400): Recipe(method: "GET", path: "/events?limit=zero")
        case ("get", "/events", 401): Recipe(method: "GET", path: "/events", needsReadTokens: true)
        case ("get", "/events/stream", 200): Recipe(method: "STREAM", path: "/events/stream")
        case ("get", "/events/stream", 400): Recipe(method: "GET", path: "/events/stream?after=x")
        case ("get", "/events/stream", 401): Recipe(method: "GET", path: "/events/stream", needsReadTokens: true)
        case ("get", "/events/stream", 503): Recipe(method: "STREAM2", path: "/events/stream", tinyLimits: true)
        case ("get", "/entities/{id}", 200): Recipe(method: "GET", path: "/entities/lab:ai-methods")
        case ("get", "/entities/{id}", 400): Recipe(method: "GET", path: "/entities/lab:ai-methods?as_of=never")
        case ("get", "/entities/{id}", 404): Recipe(method: "GET", path: "/entities/lab:none")
        case ("get", "/entities/{id}", 401): Recipe(method: "GET", path: "/entities/lab:ai-methods", needsReadTokens: true)
        case ("get", "/entities/{id}/history", 200): Recipe(method: "GET", path: "/entities/lab:ai-methods/history")
        case ("get", "/entities/{id}/history", 404): Recipe(method: "GET", path: "/entities/lab:none/history")
        case ("get", "/entities/{id}/history", 401): Recipe(method: "GET", path: "/entities/lab:ai-methods/history", needsReadTokens: true)
        case ("get", "/projections", 200): Recipe(method: "GET", path: "/projections")
        case ("get", "/projections", 401): Recipe(method: "GET", path: "/projections", needsReadTokens: true)
        case ("get", "/projections/{name}", 200): Recipe(method: "GET", path: "/projections/lab-overview")
        case ("get", "/projections/{name}", 304):
            Recipe(method: "GET", path: "/projections/lab-overview", headers: ["If-None-Match": "\"\(head)\""])
        case ("get", "/projections/{name}", 400): Recipe(method: "GET", path: "/projections/lab-overview?as_of=x")
        case ("get", "/projections/{name}", 404): Recipe(method: "GET", path: "/projections/none")
        case ("get", "/projections/{name}", 401): Recipe(method: "GET", path: "/projections/lab-overview", needsReadTokens: true)
        case ("get", "/timeline", 200): Recipe(method: "GET", path: "/timeline?points=3")
        case ("get", "/timeline", 400): Recipe(method: "GET", path: "/timeline?points=1")
        case ("get", "/timeline", 401): Recipe(method: "GET", path: "/timeline", needsReadTokens: true)
        case ("get", "/diff", 200): Recipe(method: "GET", path: "/diff?from=100&to=200")
        case ("get", "/diff", 400): Recipe(method: "GET", path: "/diff?from=100")
        case ("get", "/diff", 401): Recipe(method: "GET", path: "/diff?from=1&to=2", needsReadTokens: true)
        case ("get", "/export", 200): Recipe(method: "GET", path: "/export?format=graphml&as_of=50")
        case ("get", "/export", 400): Recipe(method: "GET", path: "/export?format=pdf")
        case ("get", "/export", 401): Recipe(method: "GET", path: "/export?format=gexf", needsReadTokens: true)
        case ("post", "/backup", 201):
            Recipe(method: "POST", path: "/backup", headers: ["Authorization": "Bearer \(TestServer.adminToken)"])
        case ("post", "/backup", 401): Recipe(method: "POST", path: "/backup")
        case ("post", "/backup", 403): Recipe(method: "POST", path: "/backup", headers: token)
        case ("post", "/backup", 409):
            Recipe(method: "POST", path: "/backup", headers: ["Authorization": "Bearer \(TestServer.adminToken)"], tinyLimits: true)
        case ("get", "/", 200): Recipe(method: "GET", path: "/")
        case ("get", "/", 304): Recipe(method: "REVALIDATE", path: "/")
        case ("get", "/workbench/{name}", 200): Recipe(method: "GET", path: "/workbench/app.js")
        case ("get", "/workbench/{name}", 404): Recipe(method: "GET", path: "/workbench/none.js")
        case ("get", "/examples", 200): Recipe(method: "GET", path: "/examples")
        case ("get", "/examples", 401): Recipe(method: "GET", path: "/examples", needsReadTokens: true)
        case ("get", "/health", 200): Recipe(method: "GET", path: "/health")
        case ("post", "/erasures", 201):
            Recipe(method: "POST", path: "/erasures", headers: steward, body: #"{"id": "person:nicole-erler", "reason": "request"}"#)
        case ("post", "/erasures", 400): Recipe(method: "POST", path: "/erasures", headers: steward, body: "{}")
        case ("post", "/erasures", 401): Recipe(method: "POST", path: "/erasures", body: #"{"id": "x", "reason": "r"}"#)
        case ("post", "/erasures", 403): Recipe(method: "POST", path: "/erasures", headers: token, body: #"{"id": "x", "reason": "r"}"#)
        case ("post", "/erasures", 404):
            Recipe(method: "POST", path: "/erasures", headers: steward, body: #"{"id": "x:none", "reason": "r"}"#)
        case ("post", "/erasures", 409):
            Recipe(method: "ERASE_TWICE", path: "/erasures", headers: steward, body: #"{"id": "person:niels-chavannes", "reason": "r"}"#)
        case ("post", "/erasures", 422): Recipe(method: "POST", path: "/erasures", headers: steward, body: #"{"id": "x", "reason": ""}"#)
        case ("get", "/metrics", 200): Recipe(method: "GET", path: "/metrics")
        case ("get", "/openapi.json", 200): Recipe(method: "GET", path: "/openapi.json")
        default: nil
        }
    }

    /// docs/http.md's tables of routes name exactly the routes the document describes.
    @Test func docsListEveryRouteOfTheDocument() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/http.md"), encoding: .utf8)
        let route = try Regex(#"`(GET|POST) (/[^`?\s]*)"#)
        var documented = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(2).prefix { $0 != "|" }
            for match in cell.matches(of: route) {
                documented.insert("\((match.output[1].substring ?? "").lowercased()) \(match.output[2].substring ?? "")")
            }
        }
        #expect(documented == Set(OpenAPIDocument.routes.map { "\($0.method) \($0.path)" }))
    }

    @Test func everyDocumentedRouteAnswersEveryDocumentedStatus() async throws {
        let backups = TemporaryDirectory()
        let plain = try await TestServer.start {
            $0.adminTokens = [AccessToken(name: "operator", secret: TestServer.adminToken)]
            $0.stewardTokens = [AccessToken(name: "dpo", secret: TestServer.stewardToken)]
            $0.backupDirectory = backups.path
        }
        let guarded = try await TestServer.start {
            $0.readTokens = [AccessToken(name: "dashboard", secret: TestServer.readToken)]
        }
        let tiny = try await TestServer.start {
            $0.adminTokens = [AccessToken(name: "operator", secret: TestServer.adminToken)]
            $0.maximumBodyBytes = 1024
            $0.queryLimits = QueryLimits(timeout: .milliseconds(1))
            $0.maximumStreams = 1
        }
        var checked = 0
        for route in OpenAPIDocument.routes {
            for (status, _) in route.responses {
                let recipe = try #require(
                    Self.recipe(route.method, route.path, status, head: plain.database.head),
                    "no way to provoke \(status) from \(route.method) \(route.path)")
                let server = recipe.needsReadTokens ? guarded : recipe.tinyLimits ? tiny : plain
                let port = server.port
                let answered: Int
                switch recipe.method {
                case "STREAM":
                    answered = try await blocking {
                        let stream = try HTTPEventStream(port: port, path: recipe.path)
                        defer { stream.close() }
                        return stream.status
                    }
                case "STREAM2":
                    // One stream open; the second is refused.
                    answered = try await blocking {
                        let first = try HTTPEventStream(port: port, path: recipe.path)
                        defer { first.close() }
                        return try HTTPTestClient(port: port).request("GET", recipe.path).status
                    }
                case "ERASE_TWICE":
                    // Erased once; then its pseudonym, which is refused.
                    let first = try TestServer.json(try await server.post(recipe.path, recipe.body, headers: recipe.headers).body)
                    let pseudonym = try #require(first["pseudonym"] as? String)
                    let again = #"{"id": ""# + pseudonym + #"", "reason": "again"}"#
                    answered = try await server.post(recipe.path, again, headers: recipe.headers).status
                case "REVALIDATE":
                    // Asked again with the ETag of the first answer.
                    let etag = try #require(try await server.get(recipe.path).headers["etag"])
                    answered = try await server.get(recipe.path, headers: ["If-None-Match": etag]).status
                default:
                    answered = try await server.request(recipe.method, recipe.path, headers: recipe.headers, body: recipe.body).status
                }
                #expect(answered == status, "\(route.method) \(route.path): expected \(status), got \(answered)")
                checked += 1
            }
        }
        #expect(checked >= 35, "every status of the table was provoked")
        // The document served is the table's, and valid JSON naming every path.
        let served = try await plain.get("/openapi.json")
        let document = try TestServer.json(served.body)
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        #expect(Set(paths.keys) == Set(OpenAPIDocument.routes.map(\.path)))
        for server in [plain, guarded, tiny] { try await server.stop() }
    }
}
