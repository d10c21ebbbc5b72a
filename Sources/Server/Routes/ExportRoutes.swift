// GET /export: the graph (now, as_of a position, at valid_at a valid time) in another tool's format —
// GraphML, GEXF, JSON-LD, CSV, a Cypher script or the events that rebuild it — streamed as it is made: the export runs on a worker
// thread and hands its pieces through a PieceChannel to the response, at the client's pace, so that
// neither a large graph nor a slow client makes the server hold a whole document. The CSV export, a
// directory of files, goes as a ZIP archive made as it streams (ZipStream).
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
            if let problem = JSONLDExport.problem(withBase: base) { throw APIError.badRequest(problem) }
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
                        switch try database.export(format, of: view, timeline: timeline, base: base) {
                        case .document(let export): try export.write { try channel.send($0) }
                        case .files(let export):
                            // A directory (CSV) goes as one ZIP archive, its files one after the other.
                            var zip = ZipStream()
                            try export.write { name, piece in try zip.write(name, piece) { try channel.send($0) } }
                            try zip.finish { try channel.send($0) }
                        }
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

    /// `?format=`.
    private static func exportFormat(_ request: Request) throws(APIError) -> GraphExportFormat {
        let formats = GraphExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
        guard let name = try request.parameter("format") else { throw .badRequest("format is required: one of \(formats)") }
        guard let format = GraphExportFormat(rawValue: name) else {
            throw .badRequest("unknown format '\(name)'; expected one of \(formats)")
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
        case .csv: "application/zip"
        case .jsonld: "application/ld+json; charset=utf-8"
        case .cypher: "application/x-cypher-query; charset=utf-8"
        }
    }

    private static func fileExtension(of format: GraphExportFormat) -> String { format == .csv ? "csv.zip" : format.rawValue }
}
