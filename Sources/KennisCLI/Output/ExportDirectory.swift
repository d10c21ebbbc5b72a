// A directory an export of several files writes (CSV): made as `DIR.partial/` (as a backup is, by the
// facade's `FileSystem`), each file opened when its first piece comes, and renamed to `DIR` once every
// file is complete and durable.
import Kennis

/// The files of one export on their way to `path`.
struct ExportDirectory {
    let path: String
    private let partial: String
    private var files: [String: OutputFile] = [:]

    /// Starts the export: `path` must not exist, or be an empty directory; `PATH.partial` must not
    /// exist (a leftover of a failed export is never written into).
    init(path: String) throws {
        self.path = path
        do {
            partial = try FileSystem.makePartialDirectory(for: path)
        } catch {
            throw CommandFailure(oneLine(error))
        }
    }

    /// Appends a piece to the file `name` of the directory.
    mutating func write(_ name: String, _ bytes: [UInt8]) throws {
        if files[name] == nil { files[name] = try OutputFile(creating: partial + "/" + name) }
        try files[name]!.write(bytes)
    }

    /// Makes every file durable and gives the directory its name.
    func finish() throws {
        for file in files.values { try file.close() }
        do {
            try FileSystem.finishPartialDirectory(partial, as: path)
        } catch {
            throw CommandFailure(oneLine(error))
        }
    }

    /// Removes what was written.
    func abandon() {
        for file in files.values { _ = try? file.close() }
        FileSystem.removePartialDirectory(partial)
    }
}
