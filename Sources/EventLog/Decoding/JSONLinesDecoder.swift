// JSON Lines as docs/events.md defines them: UTF-8, one object per line, `\n` or `\r\n`; blank lines
// and lines starting with `//` are skipped. A line longer than the limit is rejected before it is parsed,
// so a runaway line cannot make the decoder hold or scan megabytes for one event.
import Dispatch

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

    /// Texts smaller than this are decoded on the calling thread; larger ones in parallel chunks.
    public var parallelThreshold: Int = 4 << 20

    /// Decodes every event of `text`, naming `file` in errors; `progress` hears the bytes done now and then.
    ///
    /// A large text is cut at line boundaries into one chunk per processor and the chunks are decoded
    /// at once; the result (events, line numbers, the first error) is the same as decoding in one go.
    public func decode(
        _ text: UnsafeRawBufferPointer, file: String, progress: ((Int) -> Void)? = nil
    ) throws(EventInputError) -> EventBatch {
        let chunks = chunkRanges(of: text)
        if chunks.count == 1 { return try decode(text, range: chunks[0], firstLine: 1, file: file, progress: progress) }
        var lineCounts = [1]
        for chunk in chunks.dropLast() {
            lineCounts.append(lineCounts.last! + countNewlines(UnsafeRawBufferPointer(rebasing: text[chunk])))
        }
        let firstLines = lineCounts
        let results = UnsafeMutableBufferPointer<Result<EventBatch, EventInputError>?>.allocate(capacity: chunks.count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        nonisolated(unsafe) let shared = results
        nonisolated(unsafe) let sharedText = text
        DispatchQueue.concurrentPerform(iterations: chunks.count) { i in
            // Each iteration writes only its own slot.
            shared[i] = Result { () throws(EventInputError) in
                try decode(sharedText, range: chunks[i], firstLine: firstLines[i], file: file, progress: nil)
            }
        }
        // The first chunk's batch becomes the result (no copy); the others are appended to it.
        var batch = EventBatch()
        for i in 0..<chunks.count {
            do throws(EventInputError) {
                let part = try results[i]!.get()
                results[i] = nil
                if i == 0 { batch = part } else { batch.append(contentsOf: part) }
            } catch {
                var located = error
                located.index = (located.index ?? 0) + batch.count
                throw located
            }
            progress?(chunks[i].upperBound)
        }
        return batch
    }

    private func decode(
        _ text: UnsafeRawBufferPointer, range: Range<Int>, firstLine: Int, file: String, progress: ((Int) -> Void)?
    ) throws(EventInputError) -> EventBatch {
        try decodeCountingLines(text, range: range, firstLine: firstLine, file: file, progress: progress).batch
    }

    /// Decodes the lines in `range`, the first of which has number `firstLine`; also returns the number
    /// of the last line read.
    private func decodeCountingLines(
        _ text: UnsafeRawBufferPointer, range: Range<Int>, firstLine: Int, file: String, progress: ((Int) -> Void)?
    ) throws(EventInputError) -> (batch: EventBatch, lastLine: Int) {
        var batch = EventBatch()
        batch.startFile(file)
        let decoder = EventDecoder()
        let chunk = UnsafeRawBufferPointer(rebasing: text[range])
        let lastLine = try forEachLine(of: chunk, file: file, firstLine: firstLine, skipByteOrderMark: range.lowerBound == 0) {
            (location, bytes) throws(EventInputError) in
            if let progress, location.line & 0xFFFF == 0, let base = text.baseAddress {
                progress(base.distance(to: bytes.baseAddress!))
            }
            do throws(EventInputError) {
                batch.append(try decoder.decode(bytes), line: location.line)
            } catch {
                var located = error
                located.location = location
                located.index = batch.count
                throw located
            }
        }
        return (batch, lastLine)
    }

    /// Decodes `text` in parts of about `partBytes` (cut after a newline), calling `deliver` with each
    /// part in order and the bytes of `text` done so far: a writer can store the first parts while
    /// the rest is still being read. Errors carry the index within the whole text.
    public func decodeInParts(
        _ text: UnsafeRawBufferPointer, file: String, partBytes: Int = 4 << 20,
        deliver: (EventBatch, Int) throws(EventInputError) -> Void
    ) throws(EventInputError) {
        guard let base = text.baseAddress else { return }
        var start = 0
        var line = 1
        var events = 0
        while start < text.count {
            var end = text.count
            if text.count - start > partBytes, let newline = memchr(base + start + partBytes, 0x0A, text.count - start - partBytes) {
                end = base.distance(to: UnsafeRawPointer(newline)) + 1
            }
            let part: EventBatch
            do throws(EventInputError) {
                let decoded = try decodeCountingLines(text, range: start..<end, firstLine: line, file: file, progress: nil)
                part = decoded.batch
                // The next part starts on the line after the last one this part read.
                line = decoded.lastLine + (end < text.count ? 1 : 0)
            } catch {
                var placed = error
                placed.index = events + (error.index ?? 0)
                throw placed
            }
            events += part.count
            try deliver(part, end)
            start = end
        }
    }

    /// Cuts `text` after newlines into about one chunk per processor.
    private func chunkRanges(of text: UnsafeRawBufferPointer) -> [Range<Int>] {
        let parts = text.count < parallelThreshold ? 1 : max(1, min(ProcessInfoLite.activeProcessors, 8))
        guard parts > 1, let base = text.baseAddress else { return [0..<text.count] }
        var ranges: [Range<Int>] = []
        var start = 0
        for k in 1..<parts {
            let target = text.count * k / parts
            guard target > start, let newline = memchr(base + target, 0x0A, text.count - target) else { break }
            let end = base.distance(to: UnsafeRawPointer(newline)) + 1
            ranges.append(start..<end)
            start = end
        }
        ranges.append(start..<text.count)
        return ranges
    }

    private func countNewlines(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var offset = 0
        while offset < bytes.count, let hit = memchr(base + offset, 0x0A, bytes.count - offset) {
            count += 1
            offset = base.distance(to: UnsafeRawPointer(hit)) + 1
        }
        return count
    }

    /// Decodes every event of `text`, naming `file` in errors.
    public func decode(_ text: [UInt8], file: String) throws(EventInputError) -> EventBatch {
        let result: Result<EventBatch, EventInputError> = text.withUnsafeBytes { buffer in
            Result { () throws(EventInputError) in try decode(buffer, file: file) }
        }
        return try result.get()
    }

    /// Calls `body` with the location and the bytes of every line that holds an event.
    /// Returns the number of the last line.
    @discardableResult
    func forEachLine(
        of text: UnsafeRawBufferPointer, file: String, firstLine: Int = 1, skipByteOrderMark: Bool = true,
        _ body: (EventLocation, UnsafeRawBufferPointer) throws(EventInputError) -> Void
    ) throws(EventInputError) -> Int {
        guard let base = text.baseAddress, text.count > 0 else { return firstLine - 1 }
        var start = 0
        // A UTF-8 byte order mark at the start of a file is not part of the first event.
        if skipByteOrderMark && text.count >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF { start = 3 }
        var lineNumber = firstLine - 1
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
        return lineNumber
    }
}

/// The number of processors to decode on.
enum ProcessInfoLite {
    static let activeProcessors: Int = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
