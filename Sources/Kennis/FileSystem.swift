// The few file operations the facade (and the CLI through it) needs, on POSIX calls: reading inputs whole (memory-mapped,
// so a large import costs no copy) and checking paths.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// File operations on POSIX calls.
public enum FileSystem {
    public static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The size of a source in bytes: a file's, 0 for standard input (or a file that cannot be read:
    /// reading it reports why).
    static func size(of source: ImportSource) -> Int {
        guard case .file(let path) = source else { return 0 }
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Whether `path` is a directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func errorText() -> String { String(cString: strerror(errno)) }

    /// The names of the regular files in `directory`, sorted.
    public static func listFiles(in directory: String) throws -> [String] {
        guard let handle = opendir(directory) else { throw DatabaseError.unreadable(path: directory, reason: errorText()) }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if isRegularFile(directory + "/" + name) { names.append(name) }
        }
        return names.sorted()
    }

    /// The text of a file (UTF-8; invalid bytes replaced).
    public static func readText(_ path: String) throws -> String {
        let file = try MappedFile(path: path)
        return String(decoding: file.bytes, as: UTF8.self)
    }
}

/// The contents of a file, memory-mapped read-only for as long as the object lives.
///
/// Not `Sendable`: it is read where it was mapped and unmapped when released.
public final class MappedFile {
    /// The file's bytes.
    public let bytes: UnsafeRawBufferPointer
    private let mapping: UnsafeMutableRawPointer?

    /// Maps `path`; throws `DatabaseError.unreadable` with the system's reason.
    public init(path: String) throws {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw DatabaseError.unreadable(path: path, reason: FileSystem.errorText()) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw DatabaseError.unreadable(path: path, reason: FileSystem.errorText()) }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw DatabaseError.unreadable(path: path, reason: "is a directory") }
        let size = Int(info.st_size)
        if size == 0 {
            mapping = nil
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw DatabaseError.unreadable(path: path, reason: FileSystem.errorText())
        }
        madvise(mapped, size, MADV_SEQUENTIAL)
        mapping = mapped
        bytes = UnsafeRawBufferPointer(start: mapped, count: size)
    }

    deinit {
        if let mapping { munmap(mapping, bytes.count) }
    }
}

/// Reads all of a file descriptor (standard input) into memory.
public func readAll(fileDescriptor fd: Int32) -> [UInt8] {
    var data: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
        let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        data.append(contentsOf: chunk[0..<n])
    }
    return data
}

extension FileSystem {
    /// Makes `path + ".partial"`, a new directory for something that gets the name `path` only once
    /// it is complete: `path` must not exist or be an empty directory, and no `.partial` may be left
    /// from an earlier attempt (it is never written into).
    public static func makePartialDirectory(for path: String) throws -> String {
        if FileSystem.exists(path) && !isEmptyDirectory(path) {
            throw DatabaseError.cannotWrite(path: path, reason: "it exists and is not an empty directory")
        }
        let partial = path + ".partial"
        guard mkdir(partial, 0o755) == 0 else {
            let reason = errno == EEXIST ? "it is left from an attempt that did not finish: remove it, or name another" : errorText()
            throw DatabaseError.cannotWrite(path: partial, reason: reason)
        }
        return partial
    }

    /// Gives a complete `.partial` directory its name (replacing an empty directory there).
    public static func finishPartialDirectory(_ partial: String, as path: String) throws {
        if isEmptyDirectory(path) { rmdir(path) }
        guard rename(partial, path) == 0 else { throw DatabaseError.cannotWrite(path: path, reason: errorText()) }
    }

    /// Removes a `.partial` directory and its files (no subdirectories: LMDB writes none).
    public static func removePartialDirectory(_ partial: String) {
        for name in (try? listFiles(in: partial)) ?? [] { unlink(partial + "/" + name) }
        rmdir(partial)
    }

    /// Removes a file, if it is there.
    static func remove(_ path: String) { unlink(path) }

    /// The size of a file in bytes (0 when it cannot be read).
    static func size(ofFile path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func isEmptyDirectory(_ path: String) -> Bool {
        guard let handle = opendir(path) else { return false }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { return false }
        }
        return true
    }
}
