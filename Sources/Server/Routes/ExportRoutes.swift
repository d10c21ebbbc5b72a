// GET /export: the graph (now, as_of a position, at valid_at a valid time) in another tool's format —
// GraphML, GEXF, JSON-LD or the events that rebuild it — streamed as it is made: the export runs on a worker
// thread and hands its pieces through a PieceChannel to the response, at the client's pace, so that
// neither a large graph nor a slow client makes the server hold a whole document. The CSV export is a
// directory of files: `kennis export --format csv --out DIR` writes it.
import HTTPTypes
import Hummingbird
import Kennis
import NIOCore

extension ServerContext {
    func addExportRoute(to router: some RouterMethods<KennisRequestContext>) {
        router.get("/export") { request, _ in
            let format = try Self.exportFormat(request)
            let view = try view(at: try request.asOfParameter()).valid(at: try request.validAtParameter())
            let base = try request.parameter("base") ?? JSONLDExport.defaultBase
            let timeline = try Self.timeline(request, format)
            let database = database
            var headers = HTTPFields()
            headers[.contentType] = Self.contentType(of: format)
            headers[.contentDisposition] = "attachment; filename=\"kennis-seq\(view.seq).\(Self.fileExtension(of: format))\""
            let body = ResponseBody { writer in
                // Started by the body, so that a response never sent leaves no export waiting for room.
                let channel = PieceChannel(capacity: 4)
                WorkerThreads.shared.submit {
                    do {
                        guard case .document(let export) = try database.export(format, of: view, timeline: timeline, base: base) else {
                            return channel.finish()
                        }
                        try export.write { try channel.send($0) }
                        channel.finish()
                    } catch {
                        channel.finish(throwing: error)
                    }
                }
                do {
                    for try await piece in channel.pieces {
                        try await writer.write(ByteBuffer(bytes: piece))
                        channel.written()
                    }
                } catch {
                    // The client went, or the export failed: the response ends short of its end.
                    channel.abandon()
                    throw error
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: headers, body: body)
        }
    }

    /// `?format=`: a format of one document.
    private static func exportFormat(_ request: Request) throws(APIError) -> GraphExportFormat {
        let documents = GraphExportFormat.allCases.filter { $0 != .csv }.map(\.rawValue).joined(separator: ", ")
        guard let name = try request.parameter("format") else { throw .badRequest("format is required: one of \(documents)") }
        guard let format = GraphExportFormat(rawValue: name) else {
            throw .badRequest("unknown format '\(name)'; expected one of \(documents)")
        }
        guard format != .csv else {
            throw .badRequest("csv is a directory of files, not one document: `kennis export --format csv --out DIR` writes it")
        }
        return format
    }

    /// `?dynamic=log|valid`, for GEXF.
    private static func timeline(_ request: Request, _ format: GraphExportFormat) throws(APIError) -> GEXFExport.Timeline? {
        guard let name = try request.parameter("dynamic") else { return nil }
        guard format == .gexf else { throw .badRequest("dynamic is for format=gexf") }
        guard let timeline = GEXFExport.Timeline(rawValue: name) else { throw .badRequest("dynamic is log or valid, not '\(name)'") }
        return timeline
    }

    private static func contentType(of format: GraphExportFormat) -> String {
        switch format {
        case .graphml: "application/graphml+xml; charset=utf-8"
        case .gexf: "application/gexf+xml; charset=utf-8"
        case .jsonl: "application/x-ndjson; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        case .jsonld: "application/ld+json; charset=utf-8"
        case .cypher: "application/x-cypher-query; charset=utf-8"
        }
    }

    private static func fileExtension(of format: GraphExportFormat) -> String { format.rawValue }
}
