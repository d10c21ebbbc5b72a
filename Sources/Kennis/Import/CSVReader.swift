// RFC 4180 as `kennis import --format csv` reads it, over a file's bytes in place: fields separated by
// commas, rows by LF or CRLF, a field in double quotes when it holds a comma, a quote (doubled) or a
// line break. Strict where a lenient reader would guess — a quote inside an unquoted field, text after
// a closing quote, an unclosed quote — because a guess there silently shifts every later column. Each
// field keeps where it starts, so that an error names its line and column.

/// One field of a row: its bytes in the file and how it was written.
struct CSVField {
    /// The bytes between the quotes, or of the whole field when unquoted.
    var start: Int
    var end: Int
    /// Whether it was quoted: `""` is an empty string, an empty unquoted field no value at all.
    var quoted: Bool
    /// Whether a doubled quote is in it (then the text must be unescaped).
    var hasEscapedQuotes: Bool
}

/// Reads the rows of one CSV file.
struct CSVReader {
    let file: String
    let bytes: UnsafeRawBufferPointer
    /// The longest row read; a longer one is refused (as a JSON Lines event longer than 1 MiB is).
    static let maxRowBytes = 1 << 20

    private(set) var offset = 0
    /// The 1-based line the row last read starts on.
    private(set) var line = 0
    /// The line `offset` is on.
    private var nextLine = 1

    init(file: String, bytes: UnsafeRawBufferPointer) {
        self.file = file
        self.bytes = bytes
        // A UTF-8 byte order mark is not part of the first field.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { offset = 3 }
    }

    /// Reads the next row into `fields`; false at the end of the file. Blank lines are skipped.
    mutating func nextRow(into fields: inout [CSVField]) throws(CSVInputError) -> Bool {
        fields.removeAll(keepingCapacity: true)
        while offset < bytes.count, bytes[offset] == UInt8(ascii: "\n") || bytes[offset] == UInt8(ascii: "\r") {
            if bytes[offset] == UInt8(ascii: "\n") { nextLine += 1 }
            offset += 1
        }
        guard offset < bytes.count else { return false }
        line = nextLine
        let rowStart = offset
        while true {
            let ended = try readField(into: &fields)
            if offset - rowStart > Self.maxRowBytes {
                throw error(at: rowStart, "the row is more than \(Self.maxRowBytes) bytes long")
            }
            if ended { return true }
        }
    }

    /// Reads one field and the separator after it; true when it was the row's last.
    private mutating func readField(into fields: inout [CSVField]) throws(CSVInputError) -> Bool {
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "\"") { return try readQuotedField(into: &fields) }
        let start = offset
        while offset < bytes.count {
            switch bytes[offset] {
            case UInt8(ascii: ","):
                fields.append(CSVField(start: start, end: offset, quoted: false, hasEscapedQuotes: false))
                offset += 1
                return false
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                fields.append(CSVField(start: start, end: offset, quoted: false, hasEscapedQuotes: false))
                endLine()
                return true
            case UInt8(ascii: "\""):
                throw error(at: offset, "a quote inside an unquoted field: quote the whole field and double the quote")
            default: offset += 1
            }
        }
        fields.append(CSVField(start: start, end: offset, quoted: false, hasEscapedQuotes: false))
        return true
    }

    private mutating func readQuotedField(into fields: inout [CSVField]) throws(CSVInputError) -> Bool {
        let opening = offset
        offset += 1
        var escaped = false
        while true {
            guard offset < bytes.count else { throw error(at: opening, "the quoted field is not closed") }
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\n") { nextLine += 1 }
            if byte == UInt8(ascii: "\"") {
                if offset + 1 < bytes.count && bytes[offset + 1] == UInt8(ascii: "\"") {
                    escaped = true
                    offset += 2
                    continue
                }
                break
            }
            offset += 1
        }
        fields.append(CSVField(start: opening + 1, end: offset, quoted: true, hasEscapedQuotes: escaped))
        offset += 1
        guard offset < bytes.count else { return true }
        switch bytes[offset] {
        case UInt8(ascii: ","):
            offset += 1
            return false
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            endLine()
            return true
        default:
            throw error(at: offset, "text after the closing quote of a field")
        }
    }

    /// Steps over LF or CRLF (a lone CR ends a line too).
    private mutating func endLine() {
        if bytes[offset] == UInt8(ascii: "\r") { offset += 1 }
        if offset < bytes.count && bytes[offset] == UInt8(ascii: "\n") { offset += 1 }
        nextLine += 1
    }

    /// The field's text; invalid UTF-8 is an error at the field.
    func text(of field: CSVField) throws(CSVInputError) -> String {
        let slice = UnsafeRawBufferPointer(rebasing: bytes[field.start..<field.end])
        guard let text = String(validating: slice.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw error(at: field.start, "the field is not valid UTF-8")
        }
        return field.hasEscapedQuotes ? text.replacing("\"\"", with: "\"") : text
    }

    /// An error at a byte of the file, by its line and column (characters before it on its line, plus
    /// one). Found by counting from the start: errors are rare, and this is right for every field,
    /// including one that spans lines.
    func error(at byte: Int, _ message: String, column name: String? = nil) -> CSVInputError {
        let before = UnsafeRawBufferPointer(rebasing: bytes[0..<byte])
        let line = before.reduce(1) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
        let lineStart = (before.lastIndex(of: UInt8(ascii: "\n")) ?? -1) + 1
        let prefix = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<byte])
        let column = String(decoding: prefix, as: UTF8.self).unicodeScalars.count + 1
        return CSVInputError(file: file, line: line, column: column, header: name, message: message)
    }
}

/// Why a CSV file cannot be imported: where (file, line, column), which column of the header, what.
public struct CSVInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    /// The header of the column at fault (`h_index:long`), when one is.
    public var header: String?
    public var message: String

    public var description: String {
        "\(file):\(line):\(column): " + (header.map { "\($0): " } ?? "") + message
    }
}
