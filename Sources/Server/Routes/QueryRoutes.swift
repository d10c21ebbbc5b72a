// POST /query and GET /query: a Cypher query with parameters, at a position and a valid time, answered as docs/query.md's
// Results in JSON, or CSV when the client accepts text/csv. Queries run on the thread pool within the
// server's limits; their errors keep their code, line and column.
import HTTPTypes
import Hummingbird
import Kennis
import NIOCore

extension ServerContext {
    func addQueryRoutes(to router: some RouterMethods<KennisRequestContext>) {
        router.post("/query") { request, context in
            var request = request
            let body = try await request.bodyBytes(limit: configuration.maximumBodyBytes)
            let asked = try Self.queryRequest(body)
            // Checked now, used only if the query writes: a write token's name is the events' actor.
            let writer = Result { () throws(APIError) in try context.access.writer() }
            return try await answer(asked, writer: writer, request)
        }
        router.get("/query") { request, _ in
            guard let text = try request.parameter("q") else { throw APIError.badRequest("give the query as ?q=…") }
            var parameters: [String: Value] = [:]
            if let json = try request.parameter("params") {
                guard case .object(let members) = try? JSONValue(parsing: json) else {
                    throw APIError.badRequest("params must be a JSON object")
                }
                for member in members { parameters[member.key] = Value(json: member.value) }
            }
            let asked = QueryRequest(
                text: text, parameters: parameters, position: try request.asOfParameter(), validAt: try request.validAtParameter())
            return try await answer(asked, writer: nil, request)
        }
    }

    /// Parses and runs a query — as a write when it writes and `writer` names a write token (a query
    /// that writes without one is refused by the engine, `Forbidden`) — and writes its answer in the
    /// format the client accepts; all of it in one hop to a worker thread, whose stack the parser and
    /// the evaluator need for deeply nested queries.
    private func answer(_ asked: QueryRequest, writer: Result<String, APIError>?, _ request: Request) async throws -> Response {
        let (text, parameters, position, validAt) = (asked.text, asked.parameters, asked.position, asked.validAt)
        let database = database, limits = configuration.queryLimits, csv = request.accepts("text/csv")
        let clock = ContinuousClock()
        let started = clock.now
        let (statistics, body): (WriteStatistics?, String)
        do {
            (statistics, body) = try await offload {
                let statement = try StatementCache.shared.statement(text)
                let answer: QueryAnswer
                if statement.firstUpdatingClause != nil, let writer {
                    let actor = try writer.get()
                    guard position == nil else {
                        throw APIError.badRequest("a query that writes runs at the head of the log; as_of cannot be given")
                    }
                    guard validAt == nil else {
                        throw APIError.badRequest("a query that writes sees the graph at every valid time; valid_at cannot be given")
                    }
                    answer = try database.write(statement, parameters: parameters, actor: actor, limits: limits)
                } else {
                    answer = try database.query(statement, parameters: parameters, at: position, validAt: validAt, limits: limits)
                }
                return (answer.result.statistics, csv ? answer.csv() : answer.json(elapsedMilliseconds: (clock.now - started).milliseconds))
            }
        } catch let error as QueryError {
            metrics.queryTime.record(clock.now - started)
            throw APIError(error)
        }
        metrics.queryTime.record(clock.now - started)
        var headers = HTTPFields()
        if let statistics, let firstSeq = statistics.firstSeq, let lastSeq = statistics.lastSeq {
            // A write: event streams learn of the new events at once. The seqs appended are also in
            // headers, for a CSV answer, which has no place for the statistics.
            watcher.update(head: lastSeq)
            metrics.eventsAppended.increment(by: Int64(lastSeq - firstSeq + 1))
            metrics.headSeq.set(to: Double(lastSeq))
            headers[Self.firstSeqField] = String(firstSeq)
            headers[Self.lastSeqField] = String(lastSeq)
        }
        if csv {
            headers[.contentType] = "text/csv; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
        return jsonResponse(.ok, body, headers: headers)
    }

    private static let firstSeqField = HTTPField.Name("Kennis-First-Seq")!
    private static let lastSeqField = HTTPField.Name("Kennis-Last-Seq")!

    /// What a client asks of `/query`.
    struct QueryRequest {
        let text: String
        let parameters: [String: Value]
        let position: LogPosition?
        let validAt: ValidInstant?
    }

    /// `{"query": "…", "params": {…}, "as_of": 120 | "2026-01-01T00:00:00Z", "valid_at": "2024-06-01"}`.
    private static func queryRequest(_ body: [UInt8]) throws(APIError) -> QueryRequest {
        let body = try utf8Text(body)
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch {
            throw .badRequest("the body is not JSON: \(error)")
        }
        guard case .object(let members) = json else { throw .badRequest("the body must be a JSON object with a \"query\"") }
        var text: String? = nil
        var parameters: [String: Value] = [:]
        var position: LogPosition? = nil
        var validAt: ValidInstant? = nil
        for member in members {
            switch (member.key, member.value) {
            case ("query", .string(let query)): text = query
            case ("query", _): throw .badRequest("query must be a string")
            case ("params", .object(let entries)):
                for entry in entries { parameters[entry.key] = Value(json: entry.value) }
            case ("params", .null): break
            case ("params", _): throw .badRequest("params must be a JSON object")
            case ("as_of", .integer(let seq)) where seq >= 0: position = .seq(UInt64(seq))
            case ("as_of", .string(let time)):
                guard let parsed = LogPosition(time) else { throw .badRequest("as_of must be a seq or an RFC 3339 time, not '\(time)'") }
                position = parsed
            case ("as_of", .null): break
            case ("as_of", _): throw .badRequest("as_of must be a non-negative integer seq or an RFC 3339 time string")
            case ("valid_at", .string(let time)):
                guard let instant = ValidInstant(iso8601: time) else { throw .badRequest(Request.badValidAt(time)) }
                validAt = instant
            case ("valid_at", .null): break
            case ("valid_at", _): throw .badRequest("valid_at must be an ISO 8601 date or date-time string")
            default: throw .badRequest("unknown member \"\(member.key)\" (expected query, params, as_of, valid_at)")
            }
        }
        guard let text else { throw .badRequest("the body has no \"query\"") }
        return QueryRequest(text: text, parameters: parameters, position: position, validAt: validAt)
    }
}
