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
}
