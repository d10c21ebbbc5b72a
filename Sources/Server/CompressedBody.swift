// A body sent often and read by browsers that take gzip: its bytes, and the same gzipped, made once
// (a projection's answer per log position, a workbench file per process), and the response that
// sends whichever the request accepts.
import CompressNIO
import HTTPTypes
import Hummingbird
import NIOCore

/// Bytes ready to send, plain and gzipped.
struct CompressedBody: Sendable {
    let plain: ByteBuffer
    /// Nil when compression failed: the plain bytes are sent.
    let gzipped: ByteBuffer?

    init(_ bytes: ByteBuffer) {
        plain = bytes
        var source = bytes
        gzipped = try? source.compress(with: .gzip())
    }

    init(_ text: String) { self.init(ByteBuffer(string: text)) }

    /// A 200 with these bytes as `contentType`, gzipped when the request takes gzip.
    func response(to request: Request, contentType: String, headers: HTTPFields) -> Response {
        var headers = headers
        headers[.contentType] = contentType
        if let gzipped, request.acceptsGzip {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: gzipped))
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: plain))
    }
}
