// CSV as an export writes it (RFC 4180, which Neo4j's admin import and Kùzu's COPY FROM both read):
// fields separated by commas, rows ending in LF, a field quoted when it holds a comma, a quote, a line
// break or space at either end, or is an empty string — an empty field unquoted is no value at all.
// The rows of one file are handed out in pieces of 64 KiB as they are made.

/// The bytes of one CSV file on their way out.
struct CSVOutput {
    let file: String
    private var bytes: [UInt8] = []
    private var rowStarted = false
    /// Whether a field holds a line break: loaders read such files only when told (Neo4j's
    /// `--multiline-fields`, Kùzu's `parallel=false`).
    private(set) var hasLineBreaks = false

    init(file: String) {
        self.file = file
        bytes.reserveCapacity(ExportOutput.pieceBytes + 4096)
    }

    /// A field with no value.
    mutating func empty() { separate() }

    /// A field holding `text`, quoted where RFC 4180 needs it or an empty string would read as no value.
    mutating func field(_ text: String) {
        separate()
        var text = text
        text.withUTF8 { utf8 in
            guard Self.needsQuotes(utf8) else {
                bytes.append(contentsOf: utf8)
                return
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { hasLineBreaks = true }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        rowStarted = false
    }

    private mutating func separate() {
        if rowStarted { bytes.append(UInt8(ascii: ",")) }
        rowStarted = true
    }

    private static func needsQuotes(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = utf8.first, let last = utf8.last else { return true }
        if first == UInt8(ascii: " ") || last == UInt8(ascii: " ") { return true }
        return utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
    }

    mutating func flushIfFull(to emit: (String, [UInt8]) throws -> Void) throws {
        if bytes.count >= ExportOutput.pieceBytes { try flush(to: emit) }
    }

    mutating func flush(to emit: (String, [UInt8]) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        try emit(file, bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
