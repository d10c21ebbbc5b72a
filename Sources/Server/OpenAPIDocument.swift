// GET /openapi.json: an OpenAPI 3.1 description of every route, built from one table. A test walks the
// same table against a running server and provokes each documented status, so the document cannot
// drift from what the server does.
import Kennis

/// One route as the OpenAPI document describes it.
public struct DocumentedRoute: Sendable {
    public let method: String
    /// The path in OpenAPI's form (`/entities/{id}`).
    public let path: String
    public let summary: String
    /// Query, path and header parameters: (name, where, required, description).
    public let parameters: [(name: String, location: String, required: Bool, description: String)]
    /// The media types of the request body, if it takes one.
    public let requestBody: [String]
    /// The statuses it answers with, and when.
    public let responses: [(status: Int, description: String)]
    /// Whether it needs a write token.
    public let writes: Bool
}

/// The API's routes and its OpenAPI document.
public enum OpenAPIDocument {
    private static let asOf = ("as_of", "query", false, "A seq or an RFC 3339 time: the answer as the graph stood then.")
    private static let validAt = (
        "valid_at", "query", false, "A date or date-time: the world as it was then, by each element's valid_from and valid_until."
    )
    private static let errors: [(Int, String)] = [(401, "No token, or not a token of this server (when reads need one).")]

    /// Every route of docs/http.md that this server answers.
    public static let routes: [DocumentedRoute] = [
        DocumentedRoute(
            method: "post", path: "/query",
            summary:
                "Run a Cypher query (docs/query.md); CSV with Accept: text/csv. A query that writes needs a write token; its events are appended as one batch.",
            parameters: [], requestBody: ["application/json"],
            responses: [
                (
                    200,
                    "Columns, rows, the seq answered at, and the time taken; for a write, `stats` with the seqs appended; for EXPLAIN and PROFILE, `plan`."
                ),
                (400, "A malformed body, or a query error (with line and column)."),
                (401, "No token for a query that writes, or not a token of this server."),
                (403, "A query that writes, with a read token."),
                (409, "A write that does not fit the log's state (an id taken, a node with relationships deleted), with its rule."),
                (413, "The body is larger than the server's limit."),
                (422, "A write the log refuses (a kind or relation the schema does not allow), with its rule."),
                (504, "The query ran past the time limit."),
            ], writes: false),
        DocumentedRoute(
            method: "get", path: "/query", summary: "Run a read-only Cypher query given in the URL.",
            parameters: [
                ("q", "query", true, "The query."), ("params", "query", false, "Parameters as a JSON object."), asOf, validAt,
            ], requestBody: [],
            responses: [
                (200, "As POST /query."), (400, "A missing or malformed query."),
                (403, "A query that writes (send it with POST and a write token)."),
            ] + errors, writes: false),
        DocumentedRoute(
            method: "post", path: "/events", summary: "Append a batch of events, all or nothing.",
            parameters: [], requestBody: ["application/json", "application/x-ndjson"],
            responses: [
                (201, "The seqs of the appended events."), (400, "A body that is not a JSON array or JSON Lines of events."),
                (401, "No write token."), (403, "A read token."),
                (409, "An event that does not fit the log's state (with its index and rule)."),
                (413, "The body is larger than the server's limit."), (422, "An invalid event (with its index)."),
            ], writes: true),
        DocumentedRoute(
            method: "get", path: "/events", summary: "A page of the log, oldest first.",
            parameters: [
                ("after", "query", false, "Only events after this seq."), ("limit", "query", false, "At most this many (default 100)."),
                ("entity", "query", false, "Only events that touched this id."),
                ("type", "query", false, "Only events of these types (comma-separated)."),
                ("actor", "query", false, "Only events recorded by this actor."),
            ], requestBody: [], responses: [(200, "The events and the seq to pass as `after` next."), (400, "A bad parameter.")] + errors,
            writes: false),
        DocumentedRoute(
            method: "get", path: "/events/stream", summary: "Server-Sent Events: the events after a seq, then each new one.",
            parameters: [
                ("after", "query", false, "Start after this seq (default: now)."),
                ("Last-Event-ID", "header", false, "Resume after this seq (sent by EventSource on reconnect)."),
            ], requestBody: [],
            responses: [(200, "text/event-stream; each id is a seq."), (400, "A bad position."), (503, "Too many streams open.")] + errors,
            writes: false),
        DocumentedRoute(
            method: "get", path: "/entities/{id}", summary: "One entity with its relations.",
            parameters: [("id", "path", true, "The entity id."), asOf, validAt], requestBody: [],
            responses: [(200, "The entity."), (400, "A bad as_of."), (404, "No such entity then (the message says why).")] + errors,
            writes: false),
        DocumentedRoute(
            method: "get", path: "/entities/{id}/history", summary: "Every event that touched an entity, oldest first.",
            parameters: [("id", "path", true, "The entity (or relation) id.")], requestBody: [],
            responses: [(200, "The events."), (404, "No event touched it.")] + errors, writes: false),
        DocumentedRoute(
            method: "get", path: "/projections", summary: "The named projections (dashboard read models).",
            parameters: [], requestBody: [], responses: [(200, "Their names and descriptions.")] + errors, writes: false),
        DocumentedRoute(
            method: "get", path: "/projections/{name}", summary: "One projection's rows; ETag is the seq they reflect.",
            parameters: [
                ("name", "path", true, "The projection's name."), asOf,
                ("If-None-Match", "header", false, "An ETag from an earlier answer."),
            ], requestBody: [],
            responses: [
                (200, "Columns, rows and seq."), (304, "Unchanged since the ETag."), (400, "A bad as_of."), (404, "No such projection."),
            ] + errors, writes: false),
        DocumentedRoute(
            method: "get", path: "/timeline", summary: "The log's positions over time, sampled: each seq with the time it was recorded.",
            parameters: [
                ("points", "query", false, "At most this many positions, spread evenly from 1 to the head (default 200, at most 2,000).")
            ],
            requestBody: [], responses: [(200, "{\"head\", \"points\": [{\"seq\", \"recorded_at\"}]}"), (400, "A bad points.")] + errors,
            writes: false),
        DocumentedRoute(
            method: "get", path: "/diff",
            summary:
                "What changed between two positions (both at valid_at if given), or in the world between two valid times (valid_from, valid_to) as the log stood at as_of, as `kennis diff --format json` prints it.",
            parameters: [
                ("from", "query", false, "The earlier position: a seq or an RFC 3339 time."),
                ("to", "query", false, "The later position: a seq or an RFC 3339 time."), validAt,
                ("valid_from", "query", false, "With valid_to instead of from and to: the earlier valid time, a date or date-time."),
                ("valid_to", "query", false, "The later valid time."), asOf,
            ], requestBody: [],
            responses: [(200, "The entities and relationships added, removed and changed."), (400, "A missing or bad position.")] + errors,
            writes: false),
        DocumentedRoute(
            method: "get", path: "/export",
            summary:
                "The graph in another tool's format, streamed as it is made, as `kennis export` writes it: GraphML, GEXF 1.3 (static or dynamic), JSON-LD, a Cypher script, the JSON Lines events that rebuild it, or the CSV files as a ZIP archive.",
            parameters: [
                ("format", "query", true, "graphml, gexf, jsonld, cypher, jsonl or csv."), asOf, validAt,
                ("dynamic", "query", false, "GEXF: log or valid, for a dynamic graph on that time."),
                ("base", "query", false, "JSON-LD: the IRI entity ids are appended to (default urn:kennis:)."),
            ], requestBody: [],
            responses: [
                (
                    200,
                    "The document (application/graphml+xml, application/gexf+xml, application/ld+json, application/x-cypher-query, application/x-ndjson, or application/zip for csv), with a filename."
                ),
                (400, "A missing or unknown format, or a bad position."),
            ] + errors, writes: false),
        DocumentedRoute(
            method: "get", path: "/",
            summary: "The web workbench: query editor, table, graph drawing, entity panel, time slider, live feed.",
            parameters: [("If-None-Match", "header", false, "An ETag from an earlier answer.")], requestBody: [],
            responses: [(200, "The page (HTML), with a strict Content-Security-Policy."), (304, "Unchanged since the ETag.")], writes: false
        ),
        DocumentedRoute(
            method: "get", path: "/workbench/{name}", summary: "A script or style of the workbench (embedded in the binary).",
            parameters: [("name", "path", true, "The file's name.")], requestBody: [],
            responses: [(200, "The file."), (404, "No such file.")], writes: false),
        DocumentedRoute(
            method: "get", path: "/examples", summary: "The example queries the workbench offers (the .cypher files of --examples).",
            parameters: [], requestBody: [], responses: [(200, "Their names, descriptions and text.")] + errors, writes: false),
        DocumentedRoute(
            method: "get", path: "/health", summary: "Whether the server is up, and the log's head.", parameters: [], requestBody: [],
            responses: [(200, "{\"status\": \"ok\", \"seq\": N}")], writes: false),
        DocumentedRoute(
            method: "post", path: "/backup",
            summary: "Write a consistent, verified backup of the database into the server's --backup-dir, while it serves.",
            parameters: [], requestBody: [],
            responses: [
                (201, "{\"path\", \"head_seq\", \"head_hash\", \"events\", \"bytes\"}: the backup, its chain verified."),
                (401, "No admin token."), (403, "A read or write token."), (409, "The server has no backup directory."),
            ], writes: true),
        DocumentedRoute(
            method: "post", path: "/erasures",
            summary:
                "Erase an entity's personal content from the whole log ({\"id\", \"reason\", \"relations\"?}), keeping the chain verifiable (a steward token).",
            parameters: [], requestBody: ["application/json"],
            responses: [
                (201, "{\"seq\", \"pseudonym\", \"created\", \"changed_events\", \"snapshots_deleted\", \"bytes_scrubbed\"}: the erasure."),
                (400, "A body that is not {\"id\", \"reason\", \"relations\"?}."), (401, "No steward token."),
                (403, "A token without the erase permission."), (404, "No entity was ever created with the id."),
                (409, "The id is an erasure's pseudonym."), (422, "An empty reason."),
            ], writes: true),
        DocumentedRoute(
            method: "get", path: "/metrics", summary: "Prometheus metrics.", parameters: [], requestBody: [],
            responses: [(200, "Prometheus text format.")], writes: false),
        DocumentedRoute(
            method: "get", path: "/openapi.json", summary: "This document.", parameters: [], requestBody: [],
            responses: [(200, "OpenAPI 3.1.")], writes: false),
    ]

    /// What any route may answer besides its own statuses: the connection's and the server's errors.
    public static let anyRouteErrors =
        "An error as {\"error\": {\"code\", \"message\"}}: 400 for a request that is not valid HTTP/1.1, 405 (with Allow) "
        + "for a method the path does not answer, 403 for a request a browser sends from another site's page (Origin or "
        + "Sec-Fetch-Site), 408 when the body does not arrive in time, 431 for an oversized request line or headers, 500 (with X-Request-Id, logged) for a failure of the server's own, 503 when overloaded."

    /// The methods a documented path answers (upper case), for a request with another one (405).
    public static func methods(forPath path: String) -> [String] {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return routes.filter { route in
            let pattern = route.path.split(separator: "/", omittingEmptySubsequences: false)
            return pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { want, have in want == have || (want.hasPrefix("{") && !have.isEmpty) }
        }.map { $0.method.uppercased() }
    }

    /// The OpenAPI 3.1 document.
    public static var json: String {
        var json = JSONWriter(capacity: 1 << 14)
        json.beginObject()
        json.key("openapi")
        json.string("3.1.0")
        json.key("info")
        json.beginObject()
        json.key("title")
        json.string("Kennis")
        json.key("version")
        json.string("1")
        json.key("description")
        json.string("The event-sourced knowledge graph of the AI in Health ecosystem: Cypher queries, the event log, projections.")
        json.endObject()
        json.key("components")
        json.beginObject()
        json.key("securitySchemes")
        json.beginObject()
        json.key("bearer")
        json.beginObject()
        json.key("type")
        json.string("http")
        json.key("scheme")
        json.string("bearer")
        json.endObject()
        json.endObject()
        json.endObject()
        json.key("paths")
        json.beginObject()
        var paths: [String] = []
        for route in routes where !paths.contains(route.path) { paths.append(route.path) }
        for path in paths {
            json.key(path)
            json.beginObject()
            for route in routes where route.path == path { write(route, into: &json) }
            json.endObject()
        }
        json.endObject()
        json.endObject()
        return json.string
    }

    private static func write(_ route: DocumentedRoute, into json: inout JSONWriter) {
        json.key(route.method)
        json.beginObject()
        json.key("summary")
        json.string(route.summary)
        if route.writes {
            json.key("security")
            json.beginArray()
            json.beginObject()
            json.key("bearer")
            json.beginArray()
            json.endArray()
            json.endObject()
            json.endArray()
        }
        if !route.parameters.isEmpty {
            json.key("parameters")
            json.beginArray()
            for parameter in route.parameters {
                json.beginObject()
                json.key("name")
                json.string(parameter.name)
                json.key("in")
                json.string(parameter.location)
                json.key("required")
                json.boolean(parameter.required)
                json.key("description")
                json.string(parameter.description)
                json.key("schema")
                json.beginObject()
                json.key("type")
                json.string("string")
                json.endObject()
                json.endObject()
            }
            json.endArray()
        }
        if !route.requestBody.isEmpty {
            json.key("requestBody")
            json.beginObject()
            json.key("required")
            json.boolean(true)
            json.key("content")
            json.beginObject()
            for type in route.requestBody {
                json.key(type)
                json.beginObject()
                json.endObject()
            }
            json.endObject()
            json.endObject()
        }
        json.key("responses")
        json.beginObject()
        for response in route.responses {
            json.key(String(response.status))
            json.beginObject()
            json.key("description")
            json.string(response.description)
            json.endObject()
        }
        json.key("default")
        json.beginObject()
        json.key("description")
        json.string(anyRouteErrors)
        json.endObject()
        json.endObject()
        json.endObject()
    }
}
