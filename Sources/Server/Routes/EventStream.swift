// GET /events/stream: Server-Sent Events. Every event after the client's position (`?after=`, or the
// `Last-Event-ID` it sends when it reconnects; now, when it gives neither), oldest first, exactly once,
// then each new one as it lands. Each `id:` is the event's seq and each `data:` its JSON.
//
// A stream reads the log itself, a page at a time, at the pace its client takes the bytes: no event is
// queued per client, so a slow client costs no memory. A client that has caught up and then falls more
// than `streamMaximumLag` events behind is dropped with a final `event: dropped` naming where to resume;
// a server shutting down ends every stream with `event: shutdown`.
import HTTPTypes
import Hummingbird
import Kennis
import NIOCore

extension ServerContext {
    func addStreamRoute(to router: some RouterMethods<KennisRequestContext>) {
        router.get("/events/stream") { request, requestContext in
            let after: UInt64
            if let lastID = request.headers[HTTPField.Name("Last-Event-ID")!] {
                guard let seq = UInt64(lastID) else { throw APIError.badRequest("Last-Event-ID must be a seq, not '\(lastID)'") }
                after = seq
            } else {
                after = try request.integerParameter("after") ?? database.head
            }
            // A position past the head is not one this log has given out (another database's, or a typo).
            let head = database.head
            guard after <= head else {
                throw APIError.badRequest("seq \(after) is past the head of the log (seq \(head)); resume from a seq this log gave")
            }
            let client = requestContext.clientAddress
            if let refusal = load.enterStream(
                client: client, limit: configuration.maximumStreams, perClient: configuration.maximumStreamsPerClient)
            {
                throw APIError(.serviceUnavailable, "Overloaded", "\(refusal); try again later")
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-cache"
            let context = self
            let body = ResponseBody { writer in
                context.metrics.streams.increment()
                defer {
                    context.metrics.streams.decrement()
                    context.load.leaveStream(client: client)
                }
                try await context.stream(after: after, into: &writer)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// Writes events after `seq` until the client goes, falls too far behind, or the server stops.
    private func stream(after seq: UInt64, into writer: inout any ResponseBodyWriter) async throws {
        let pageSize = 512
        var last = seq
        var caughtUp = false
        try await writer.write(ByteBuffer(string: "retry: 2000\n\n"))
        while true {
            if watcher.isClosing {
                try await writer.write(ByteBuffer(string: "event: shutdown\ndata: {\"resume_after\":\(last)}\n\n"))
                break
            }
            let head = database.head
            if caughtUp && head > last && head - last > configuration.streamMaximumLag {
                try await writer.write(
                    ByteBuffer(
                        string:
                            "event: dropped\ndata: {\"reason\":\"the client fell more than \(configuration.streamMaximumLag) events behind\","
                            + "\"resume_after\":\(last)}\n\n"))
                break
            }
            let database = database, from = last
            let (page, count, newest) = try await offload {
                var text = ""
                var count = 0, newest = from
                try database.forEachEvent(matching: EventFilter(after: from)) { recorded in
                    var json = JSONWriter()
                    json.recordedEvent(recorded)
                    text += "id: \(recorded.seq)\ndata: \(json.string)\n\n"
                    count += 1
                    newest = recorded.seq
                    return count < pageSize
                }
                return (text, count, newest)
            }
            if count > 0 {
                try await writer.write(ByteBuffer(string: page))
                last = newest
            }
            if count < pageSize {
                caughtUp = true
                if last >= watcher.head {
                    let before = watcher.head
                    await watcher.wait(after: last, upTo: configuration.streamKeepAlive)
                    // Woken by neither new events nor shutdown: tell the client the stream is alive.
                    if watcher.head == before && !watcher.isClosing && database.head <= last {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                    }
                }
            }
        }
        try await writer.finish(nil)
    }
}
