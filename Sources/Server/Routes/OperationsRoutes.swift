// For operators and tools: /health and /openapi.json (open to all), /metrics (Prometheus; readers).
import HTTPTypes
import Hummingbird
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
    }
}
