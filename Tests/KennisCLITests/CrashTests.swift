import Foundation
import TestSupport
import Testing

@testable import Kennis

/// Kill a writer with SIGKILL at random moments: after each kill the log verifies and holds every
/// acknowledged batch whole, plus at most the batch in flight (whole or absent, never half).
struct CrashTests {
    @Test func aKilledImportKeepsEveryAcknowledgedBatchWhole() throws {
        let dir = TemporaryDirectory()
        let source = dir.appending("generated.jsonl")
        let generated = try CLI.run(["--entities", "4000", "--seed", "11", "--output", source], program: "kennis-generate")
        #expect(generated.status == 0, "\(generated.stderr)")
        let expected = try Database.decode([.file(source)]).events
        let batchSize = 700
        var generator = SystemRandomNumberGenerator()
        var killedMidway = 0
        for round in 0..<20 {
            let db = dir.appending("crash-\(round).db")
            let process = Process()
            process.executableURL = CLI.productsDirectory.appendingPathComponent("kennis")
            process.arguments = ["import", "--db", db, "--batch-size", String(batchSize), source]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // Wait for the first acknowledged batch, then kill at a random moment of the writing.
            var acknowledged = Data()
            while !acknowledged.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                acknowledged.append(chunk)
            }
            usleep(UInt32.random(in: 0..<60_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            acknowledged.append(out.fileHandleForReading.readDataToEndOfFile())
            let lastAcknowledged =
                String(decoding: acknowledged, as: UTF8.self).split(separator: "\n")
                .compactMap { line -> UInt64? in
                    guard line.hasPrefix("committed seq ") else { return nil }
                    return UInt64(line.split(separator: "–").last ?? "")
                }.max() ?? 0
            #expect(lastAcknowledged > 0, "round \(round): no batch was acknowledged")

            let opened = try Database(path: db)
            let report = try opened.log.verify()
            let head = report.head.seq
            let inFlight = min(UInt64(batchSize), UInt64(expected.count) - lastAcknowledged)
            #expect(
                head == lastAcknowledged || head == lastAcknowledged + inFlight,
                "round \(round): head \(head), last acknowledged \(lastAcknowledged)")
            let stored = try opened.log.reading { try $0.events(matching: EventFilter()) }
            #expect(stored.map(\.event) == Array(expected.prefix(Int(head))), "round \(round): the log is not a prefix of the file")
            if head < UInt64(expected.count) { killedMidway += 1 }
        }
        // The kills must have landed while writing, or the test proved nothing.
        #expect(killedMidway >= 10, "only \(killedMidway) of 20 kills landed before the import finished")
    }

    /// Kill `kennis erase` with SIGKILL at random moments: the database is left either as it was or
    /// erased (never between), and verifies either way.
    @Test func aKilledErasureLeavesTheOldStateOrTheNew() throws {
        let dir = TemporaryDirectory()
        let source = dir.appending("generated.jsonl")
        let generated = try CLI.run(["--entities", "3000", "--seed", "5", "--output", source], program: "kennis-generate")
        #expect(generated.status == 0, "\(generated.stderr)")
        let original = dir.appending("original.db")
        #expect(try CLI.run(["import", "--db", original, source]).status == 0)
        // A person live at the head, with its relations.
        let view = try Database(path: original).view()
        let person = view.id(of: try #require(view.nodes(label: "Person").last))
        func copyOfOriginal(_ name: String) throws -> String {
            let db = dir.appending(name)
            let copy = Process()
            copy.executableURL = URL(fileURLWithPath: "/bin/cp")
            copy.arguments = ["-r", "--sparse=always", original, db]
            try copy.run()
            copy.waitUntilExit()
            return db
        }
        // How long a whole erasure takes here (opening included): the kills land within it.
        let started = Date()
        let whole = try CLI.run(["erase", "--db", try copyOfOriginal("whole.db"), person, "--reason", "timed"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let duration = UInt32(Date().timeIntervalSince(started) * 1_000_000)
        var generator = SystemRandomNumberGenerator()
        var (old, erased) = (0, 0)
        for round in 0..<16 {
            let db = try copyOfOriginal("erase-\(round).db")
            let process = Process()
            process.executableURL = CLI.productsDirectory.appendingPathComponent("kennis")
            process.arguments = ["erase", "--db", db, person, "--reason", "round \(round)"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: duration / 3..<duration * 5 / 4, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let opened = try Database(path: db)
            let report = try opened.verifyLog()
            #expect(try opened.verifyGraph().matches, "round \(round)")
            if try opened.view().node(id: person) != nil {
                #expect(report.erased.isEmpty, "round \(round): the person is there, but events were erased")
                old += 1
            } else {
                #expect(report.erased.count == 1, "round \(round): the person is gone, but no erasure verifies")
                erased += 1
            }
        }
        // Kills must have landed on both sides of the commit, or the test proved little.
        #expect(old >= 1 && erased >= 1, "old \(old), erased \(erased)")
    }
}
