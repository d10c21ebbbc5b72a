// JSON Lines as spec/EVENTS.md defines them: UTF-8, one object per line, `\n` or `\r\n`; blank lines
// and lines starting with `//` are skipped. A line longer than the limit is rejected before it is parsed,
// so a runaway line cannot make the decoder hold or scan megabytes for one event.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Decodes a JSON Lines text into an `EventBatch`, stopping at the first bad line.
public struct JSONLinesDecoder: Sendable {
    /// The longest line (one event) accepted, in bytes.
    public var maxLineBytes: Int = 1 << 20

    public init() {}

    /// Decodes every event of `text`, naming `file` in errors; `progress` hears the bytes done now and then.
    public func decode(
        _ text: UnsafeRawBufferPointer, file: String, progress: ((Int) -> Void)? = nil
    ) throws(EventInputError) -> EventBatch {
        var batch = EventBatch()
        let decoder = EventDecoder()
        try forEachLine(of: text, file: file) { (location, bytes) throws(EventInputError) in
            if let progress, location.line & 0xFFFF == 0, let base = text.baseAddress {
                progress(base.distance(to: bytes.baseAddress!))
            }
            do throws(EventInputError) {
                batch.append(try decoder.decode(bytes), from: location)
            } catch {
                var located = error
                located.location = location
                located.index = batch.count
                throw located
            }
        }
        return batch
    }

    /// Decodes every event of `text`, naming `file` in errors.
    public func decode(_ text: [UInt8], file: String) throws(EventInputError) -> EventBatch {
        let result: Result<EventBatch, EventInputError> = text.withUnsafeBytes { buffer in
            Result { () throws(EventInputError) in try decode(buffer, file: file) }
        }
        return try result.get()
    }

    /// Calls `body` with the location and the bytes of every line that holds an event.
    func forEachLine(
        of text: UnsafeRawBufferPointer, file: String,
        _ body: (EventLocation, UnsafeRawBufferPointer) throws(EventInputError) -> Void
    ) throws(EventInputError) {
        guard let base = text.baseAddress, text.count > 0 else { return }
        var start = 0
        // A UTF-8 byte order mark at the start of a file is not part of the first event.
        if text.count >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF { start = 3 }
        var lineNumber = 0
        while start < text.count {
            lineNumber += 1
            let remaining = text.count - start
            let newline = memchr(base + start, 0x0A, remaining)
            var end = newline.map { base.distance(to: UnsafeRawPointer($0)) } ?? text.count
            let next = end + 1
            if end > start && text[end - 1] == 0x0D { end -= 1 }
            if end - start > maxLineBytes {
                throw EventInputError(
                    field: nil, message: "the line is \(end - start) bytes long; an event may have at most \(maxLineBytes)",
                    location: EventLocation(file: file, line: lineNumber))
            }
            var first = start
            while first < end && (text[first] == 0x20 || text[first] == 0x09) { first += 1 }
            let isComment = end - first >= 2 && text[first] == UInt8(ascii: "/") && text[first + 1] == UInt8(ascii: "/")
            if first < end && !isComment {
                try body(EventLocation(file: file, line: lineNumber), UnsafeRawBufferPointer(rebasing: text[start..<end]))
            }
            start = next
        }
    }
}
