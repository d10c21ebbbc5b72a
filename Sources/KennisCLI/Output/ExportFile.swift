// Where an export goes on disk. A document is written as `PATH.partial` and renamed to `PATH` once
// complete; a directory of files is written as `DIR.partial/` and renamed to `DIR`: a failed export
// (a full disk, a missing directory) never leaves something that looks whole.
#if canImport(Glibc)
    import Glibc
    private let writeBytes = Glibc.write
    private let closeDescriptor = Glibc.close
#elseif canImport(Darwin)
    import Darwin
    private let writeBytes = Darwin.write
    private let closeDescriptor = Darwin.close
#endif

/// An open file an export writes into.
struct OutputFile {
    let path: String
    let descriptor: Int32

    /// Creates (or truncates) `path`.
    init(creating path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw CommandFailure("cannot write \(path): \(lastError())") }
    }

    func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = writeBytes(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { throw CommandFailure("cannot write \(path): \(lastError())") }
                offset += written
            }
        }
    }

    /// Makes the file durable and closes it.
    func close() throws {
        let synced = fsync(descriptor) == 0
        guard closeDescriptor(descriptor) == 0, synced else { throw CommandFailure("cannot finish \(path): \(lastError())") }
    }
}

/// A document an export writes: made as `PATH.partial`, renamed to `PATH` once complete.
struct ExportFile {
    let path: String
    private let file: OutputFile

    init(path: String) throws {
        self.path = path
        file = try OutputFile(creating: path + ".partial")
    }

    func write(_ bytes: [UInt8]) throws { try file.write(bytes) }

    /// Makes the file durable and gives it its name (or removes it, saying why not).
    func finish() throws {
        do {
            try file.close()
            guard rename(file.path, path) == 0 else { throw CommandFailure("cannot finish \(path): \(lastError())") }
        } catch {
            unlink(file.path)
            throw error
        }
    }

    func abandon() {
        _ = closeDescriptor(file.descriptor)
        unlink(file.path)
    }
}

/// The text of the last system error.
func lastError() -> String { String(cString: strerror(errno)) }
