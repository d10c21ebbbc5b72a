// The web workbench's files (`Sources/Server/Workbench`), compiled into the binary by the
// EmbedWorkbench build plugin: decoded once, each with its content type, an ETag (a hash of its bytes)
// and a gzipped copy for the browsers that take one (CompressedBody).
import NIOCore

/// One file of the workbench, ready to send.
struct WorkbenchAsset: Sendable {
    let name: String
    let contentType: String
    let body: CompressedBody
    /// A strong ETag: the FNV-1a hash of the bytes.
    let etag: String
}

/// The workbench's files by name.
enum WorkbenchAssets {
    /// Every embedded file, by its name (`index.html`, `app.js`, …).
    static let byName: [String: WorkbenchAsset] = {
        var assets: [String: WorkbenchAsset] = [:]
        for (name, base64) in embedded {
            let bytes = decodeBase64(base64)
            assets[name] = WorkbenchAsset(
                name: name, contentType: contentType(of: name), body: CompressedBody(ByteBuffer(bytes: bytes)),
                etag: "\"\(String(fnv1a(bytes), radix: 16))\"")
        }
        return assets
    }()

    private static func contentType(of name: String) -> String {
        switch name.split(separator: ".").last {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        default: "application/octet-stream"
        }
    }

    private static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// Decodes the plugin's base64 (which it wrote, so it is well formed: `=` only as padding).
    private static func decodeBase64(_ text: StaticString) -> [UInt8] {
        text.withUTF8Buffer { characters in
            var bytes: [UInt8] = []
            bytes.reserveCapacity(characters.count / 4 * 3)
            var accumulator: UInt32 = 0, bits = 0
            for character in characters where character != UInt8(ascii: "=") {
                accumulator = accumulator << 6 | UInt32(sextet(character))
                bits += 6
                if bits >= 8 {
                    bits -= 8
                    bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                }
            }
            return bytes
        }
    }

    private static func sextet(_ character: UInt8) -> UInt8 {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): 62
        default: 63
        }
    }
}
