import Foundation

/// Runs the built `kennis` (and `kennis-generate`) executables as subprocesses.
enum CLI {
    /// The directory holding the built products: the test bundle sits next to them.
    static let productsDirectory: URL = {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("kennis").path) && directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory
    }()

    /// The repository root (for `events/`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped event files, in import order.
    static var eventFiles: [String] {
        let directory = root.appendingPathComponent("events")
        return (try? FileManager.default.contentsOfDirectory(atPath: directory.path))?.filter { $0.hasSuffix(".jsonl") }.sorted()
            .map { directory.appendingPathComponent($0).path } ?? []
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Runs `kennis` with `arguments`, feeding `input` on stdin, and waits for it.
    @discardableResult
    static func run(_ arguments: [String], input: Data? = nil, environment: [String: String] = [:], program: String = "kennis") throws
        -> Result
    {
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent(program)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["KENNIS_DB"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(input) }
        try inPipe.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a chatty child never blocks on a full pipe.
        nonisolated(unsafe) var errorData = Data()
        let errorReader = Thread { errorData = err.fileHandleForReading.readDataToEndOfFile() }
        errorReader.start()
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorReader.isFinished { usleep(1000) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self))
    }
}
