// The bytes of a text export on their way out (GraphML, GEXF, the Cypher script), handed out in pieces
// of 64 KiB as they are made, so that no export holds a whole document; and text escaped for XML 1.0,
// for the XML formats.
import Graph

/// Bytes of an export on their way out, handed out in pieces of `pieceBytes`; XML text escaped.
struct ExportOutput {
    /// The size of the pieces handed out.
    static let pieceBytes = 1 << 16

    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(ExportOutput.pieceBytes + 4096) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// `<data key="KEY">TEXT</data>`.
    mutating func data(_ key: String, text: String) {
        raw(#"<data key=""#)
        raw(key)
        raw(#"">"#)
        escaped(text)
        raw("</data>")
    }

    /// Text or an attribute value, escaped. Whitespace other than a space is written as a character
    /// reference, so that a reader's normalisation keeps it; a character XML 1.0 cannot carry at all
    /// (most control characters, U+FFFE, U+FFFF) becomes U+FFFD. Runs of plain bytes go in whole.
    mutating func escaped(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var plain = 0
            var index = 0
            func replace(_ count: Int, with replacement: String) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index]))
                bytes.append(contentsOf: replacement.utf8)
                index += count
                plain = index
            }
            while index < utf8.count {
                switch utf8[index] {
                case UInt8(ascii: "&"): replace(1, with: "&amp;")
                case UInt8(ascii: "<"): replace(1, with: "&lt;")
                case UInt8(ascii: ">"): replace(1, with: "&gt;")
                case UInt8(ascii: "\""): replace(1, with: "&quot;")
                case UInt8(ascii: "\t"): replace(1, with: "&#9;")
                case UInt8(ascii: "\n"): replace(1, with: "&#10;")
                case UInt8(ascii: "\r"): replace(1, with: "&#13;")
                case 0..<0x20: replace(1, with: "\u{FFFD}")
                case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE:
                    replace(3, with: "\u{FFFD}")
                default: index += 1
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index]))
        }
    }

    /// `<edge id="…" source="…" target="…"`, the attributes both formats give an edge (the tag left open).
    mutating func edge(_ relationship: Relationship, of view: GraphView) {
        raw(#"<edge id=""#)
        escaped(view.id(of: relationship))
        raw(#"" source=""#)
        escaped(view.id(of: view.start(of: relationship)))
        raw(#"" target=""#)
        escaped(view.id(of: view.end(of: relationship)))
        raw("\"")
    }

    mutating func flushIfFull(to emit: ([UInt8]) throws -> Void) throws {
        if bytes.count >= ExportOutput.pieceBytes { try flush(to: emit) }
    }

    mutating func flush(to emit: ([UInt8]) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        try emit(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
