// A directory an export of several files writes (CSV): made as `DIR.partial/`, each file opened when
// its first piece comes, and renamed to `DIR` once every file is complete and durable.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files of one export on their way to `path`.
struct ExportDirectory {
    let path: String
    private var files: [String: OutputFile] = [:]

    var partial: String { path + ".partial" }

    /// Starts the export: `path` must not exist, or be an empty directory; `PATH.partial` must not
    /// exist (a leftover of a failed export is never written into).
    init(path: String) throws {
        self.path = path
        var info = stat()
        if stat(path, &info) == 0 && !Self.isEmptyDirectory(path) {
            throw CommandFailure("\(path) exists and is not an empty directory: name a new one")
        }
        guard mkdir(path + ".partial", 0o755) == 0 else { throw CommandFailure("cannot make \(path).partial: \(lastError())") }
    }

    /// Appends a piece to the file `name` of the directory.
    mutating func write(_ name: String, _ bytes: [UInt8]) throws {
        if files[name] == nil { files[name] = try OutputFile(creating: partial + "/" + name) }
        try files[name]!.write(bytes)
    }

    /// Makes every file durable and gives the directory its name.
    func finish() throws {
        for file in files.values { try file.close() }
        if Self.isEmptyDirectory(path) { rmdir(path) }
        guard rename(partial, path) == 0 else { throw CommandFailure("cannot finish \(path): \(lastError())") }
    }

    /// Removes what was written.
    func abandon() {
        for (name, file) in files {
            _ = try? file.close()
            unlink(partial + "/" + name)
        }
        rmdir(partial)
    }

    private static func isEmptyDirectory(_ path: String) -> Bool {
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { return false }
        }
        return true
    }
}
