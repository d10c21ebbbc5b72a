import Foundation
import TestSupport
import Testing

/// `kennis serve` as a subprocess: tokens from the environment, the address on stdout, and a SIGTERM
/// that loses no acknowledged event and leaves a snapshot at the head.
struct ServeCommandTests {
    @Test func serveAnswersThenStopsCleanlyOnSIGTERM() throws {
        let directory = TemporaryDirectory()
        let path = directory.appending("eco.db")
        #expect(try CLI.run(["import", "--db", path] + CLI.eventFiles).status == 0)
        let process = Process()
        process.executableURL = CLI.productsDirectory.appendingPathComponent("kennis")
        process.arguments = [
            "serve", "--db", path, "--port", "0", "--bolt-port", "0", "--projections",
            CLI.root.appendingPathComponent("queries/projections").path,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["KENNIS_TOKEN"] = "steward:cli-token-0123456789"
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // The first line names the URL.
        var firstLine = Data()
        while !firstLine.contains(0x0A) {
            let byte = out.fileHandleForReading.readData(ofLength: 1)
            guard !byte.isEmpty else { break }
            firstLine += byte
        }
        let line = String(decoding: firstLine, as: UTF8.self)
        let port = try #require(
            line.split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }, "\(line)")
        #expect(line.hasPrefix("kennis: serving \(path) at seq 467 on http://127.0.0.1:"))
        let client = HTTPTestClient(port: port)
        let appended = try client.request(
            "POST", "/events", headers: ["Authorization": "Bearer cli-token-0123456789"],
            body: #"[{"type":"entity.created","id":"person:served","kind":"Person","props":{"name":"Served"}}]"#)
        #expect(appended.status == 201)
        #expect(try client.request("GET", "/projections").status == 200)
        // A second server on the same port says why it cannot start.
        let second = try CLI.run(["serve", "--db", path, "--port", String(port), "--bolt-port", "0"])
        #expect(second.status == 1 && second.stderr.contains("cannot serve on 127.0.0.1:\(port)"), "\(second.stderr)")
        process.interrupt()  // SIGINT; SIGTERM takes the same path
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(stderr.contains("kennis: stopped at seq 468"), "\(stderr)")
        // The acknowledged event is in the log, and the next open starts from the snapshot at the head.
        let shown = try CLI.run(["show", "--db", path, "person:served"])
        #expect(shown.status == 0 && shown.stdout.contains("Served"))
        let verified = try CLI.run(["verify", "--db", path])
        #expect(
            verified.stdout.contains("the graph from the snapshot at seq 468 plus the tail equals the full replay"), "\(verified.stdout)")
    }

    @Test func aBadTokenVariableIsRefusedAtStart() throws {
        let directory = TemporaryDirectory()
        let path = directory.appending("eco.db")
        #expect(try CLI.run(["init", "--db", path]).status == 0)
        let result = try CLI.run(["serve", "--db", path, "--port", "0", "--no-bolt"], environment: ["KENNIS_TOKEN": "short"])
        #expect(result.status == 1 && result.stderr.contains("$KENNIS_TOKEN: line 1: a token must be at least 16 characters"))
        #expect(try CLI.run(["serve", "--db", path, "--port", "70000"]).status == 2)
    }
}
