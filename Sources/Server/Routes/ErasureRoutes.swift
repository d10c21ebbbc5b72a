// POST /erasures (a steward token: the erase permission): an entity's personal content erased from the
// whole log (docs/events.md, Erasure), the `entity.erased` event recorded under the token's name.
// 404 for an id no entity ever had, 409 for an erasure's pseudonym (nothing left to erase), 422 for a
// body that names no reason.
import HTTPTypes
import Hummingbird
import Kennis

extension ServerContext {
    func addErasureRoutes(to router: some RouterMethods<KennisRequestContext>) {
        router.post("/erasures") { request, context in
            let steward = try context.access.steward()
            var request = request
            let (id, reason, relations) = try Self.erasureRequest(try await request.bodyBytes(limit: configuration.maximumBodyBytes))
            let database = database
            let report: ErasureReport
            do {
                report = try await offload { try database.erase(id, reason: reason, relations: relations, actor: steward) }
            } catch EventLogError.rejected(let error) {
                throw Self.erasureRefusal(error)
            }
            watcher.update(head: report.seq)
            metrics.eventsAppended.increment(by: Int64(1))
            metrics.headSeq.set(to: Double(report.seq))
            return jsonResponse(.created, jsonBody { $0.erasure(report) })
        }
    }

    /// `{"id": "…", "reason": "…", "relations": false}`.
    private static func erasureRequest(_ body: [UInt8]) throws(APIError) -> (String, String, Bool) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: try utf8Text(body))
        } catch let error as APIError {
            throw error
        } catch {
            throw .badRequest("the body is not JSON: \(error)")
        }
        guard case .object(let members) = json else { throw .badRequest("the body must be a JSON object with \"id\" and \"reason\"") }
        var (id, reason, relations): (String?, String?, Bool) = (nil, nil, false)
        for member in members {
            switch (member.key, member.value) {
            case ("id", .string(let text)): id = text
            case ("reason", .string(let text)): reason = text
            case ("relations", .boolean(let flag)): relations = flag
            case ("id", _), ("reason", _): throw .badRequest("\(member.key) must be a string")
            case ("relations", _): throw .badRequest("relations must be true or false")
            default: throw .badRequest("unknown member \"\(member.key)\" (expected id, reason, relations)")
            }
        }
        guard let id else { throw .badRequest("id is required: the entity to erase") }
        guard let reason else { throw .badRequest("reason is required: why the content is erased") }
        return (id, reason, relations)
    }

    /// 404 for an id no entity had; the rest as any rejected event (409 for an erased id: a conflict rule).
    private static func erasureRefusal(_ error: EventInputError) -> APIError {
        error.rule == ErasureRefusal.unknownEntity.rawValue ? .notFound(error.message) : APIError(error)
    }
}

extension JSONWriter {
    /// An erasure's report: `{"seq", "pseudonym", "created", "changed_events", "snapshots_deleted", "bytes_scrubbed"}`.
    fileprivate mutating func erasure(_ report: ErasureReport) {
        beginObject()
        key("seq")
        unsigned(report.seq)
        key("pseudonym")
        string(report.pseudonym)
        key("created")
        unsigned(report.created)
        key("changed_events")
        beginArray()
        for seq in report.changedEvents { unsigned(seq) }
        endArray()
        key("snapshots_deleted")
        integer(Int64(report.snapshotsDeleted))
        switch report.scrub {
        case .success(let summary):
            key("bytes_scrubbed")
            integer(Int64(summary.bytes))
        case .failure(let failure):
            // Committed all the same: the file's unused bytes wait for `kennis scrub`.
            key("bytes_scrubbed")
            null()
            key("scrub_error")
            string(failure.description)
        }
        endObject()
    }
}
