// For operators and tools: /health and /openapi.json (open to all), /metrics (Prometheus; readers),
// POST /backup (an admin token): a verified backup into the server's backup directory, while it serves.
import HTTPTypes
import Hummingbird
import Kennis
import NIOCore

extension ServerContext {
    func addOperationsRoutes(open: some RouterMethods<KennisRequestContext>, readers: some RouterMethods<KennisRequestContext>) {
        let document = OpenAPIDocument.json
        open.get("/health") { _, _ in
            jsonResponse(.ok, "{\"status\":\"ok\",\"seq\":\(database.head)}")
        }
        open.get("/openapi.json") { _, _ in jsonResponse(.ok, document) }
        readers.get("/metrics") { _, _ in
            metrics.headSeq.set(to: Double(database.head))
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.text())))
        }
        readers.post("/backup") { _, context in
            _ = try context.access.admin()
            guard let directory = configuration.backupDirectory else {
                throw APIError(.conflict, "NoBackupDirectory", "this server has no backup directory: start it with --backup-dir DIR")
            }
            let database = database
            let report: BackupReport
            do {
                report = try await offload { try database.backup(to: Self.newBackupPath(in: directory)) }
            } catch {
                throw APIError(.internalServerError, "BackupFailed", "\(error)")
            }
            return jsonResponse(
                .created,
                jsonBody { json in
                    json.beginObject()
                    json.key("path")
                    json.string(report.path)
                    json.key("head_seq")
                    json.unsigned(report.head.seq)
                    json.key("head_hash")
                    json.string(report.head.hash.hex)
                    json.key("events")
                    json.unsigned(report.events)
                    json.key("bytes")
                    json.integer(Int64(report.bytes))
                    json.endObject()
                })
        }
    }

    /// `DIR/kennis-2026-12-05T13-20-00.123Z`: a new directory named for now (milliseconds apart).
    private static func newBackupPath(in directory: String) -> String {
        let stamp = Timestamp.now().rfc3339.replacing(":", with: "-")
        return directory + "/kennis-" + stamp
    }
}
