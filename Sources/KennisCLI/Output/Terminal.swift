// Where output goes and what it can do there: stdout and stderr as file handles, whether each is a
// terminal (tables and progress bars only on one), and its width.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One output stream.
struct Terminal: Sendable {
    let fd: Int32

    static let standardOutput = Terminal(fd: 1)
    static let standardError = Terminal(fd: 2)

    /// Whether the stream is an interactive terminal.
    var isInteractive: Bool { isatty(fd) == 1 }

    /// Columns of the terminal; unlimited when not a terminal (a file or pipe gets whole lines).
    var width: Int {
        var size = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
        return .max
    }

    func write(_ text: String) {
        var copy = text
        copy.withUTF8 { write($0) }
    }

    /// Writes all of `bytes`, retrying short writes.
    func write(_ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let n = systemWrite(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }

    func write(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { write($0) } }
}

/// Buffers output and writes it in large blocks (`kennis log` can print millions of lines).
struct OutputBuffer {
    private var bytes: [UInt8] = []
    let terminal: Terminal

    init(_ terminal: Terminal) {
        self.terminal = terminal
        bytes.reserveCapacity(1 << 16)
    }

    mutating func append(_ data: [UInt8]) {
        bytes.append(contentsOf: data)
        if bytes.count >= 1 << 16 { flush() }
    }

    mutating func append(_ text: String) { append(Array(text.utf8)) }

    mutating func flush() {
        terminal.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#elseif canImport(Darwin)
    private let systemWrite = Darwin.write
#endif

/// "1 event", "2 events": a count with its noun in the right number.
func counted(_ count: some BinaryInteger, _ noun: String) -> String {
    "\(count) \(count == 1 ? noun : plural(noun))"
}

private func plural(_ noun: String) -> String {
    noun.hasSuffix("y") && !noun.hasSuffix("ey") ? String(noun.dropLast()) + "ies" : noun + "s"
}
