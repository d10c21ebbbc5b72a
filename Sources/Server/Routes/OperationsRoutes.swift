// For operators and tools: /health, /metrics (Prometheus) and /openapi.json.
import HTTPTypes
import Hummingbird
import NIOCore

extension ServerContext {
    func addOperationsRoutes(to router: Router<KennisRequestContext>) {
        let document = OpenAPIDocument.json
        router.get("/health") { _, _ in
            jsonResponse(.ok, "{\"status\":\"ok\",\"seq\":\(database.graph.head)}")
        }
        router.get("/metrics") { request, _ in
            try access.checkReader(of: request)
            metrics.headSeq.set(to: Double(database.graph.head))
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.text())))
        }
        router.get("/openapi.json") { _, _ in jsonResponse(.ok, document) }
    }
}
