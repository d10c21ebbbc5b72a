import ArgumentParser
import Kennis

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove the log intact: recompute the hash chain and decode every event.",
        discussion: """
            Reads every stored event, decodes it strictly, recomputes hash = SHA-256(previous hash ‖ seq ‖ \
            canonical bytes) and compares it with the stored one; checks that seqs are dense, times never \
            go back, and the head names the last event. Exits 1 naming the first bad seq. Then rebuilds the \
            graph twice, from the whole log and from the newest snapshot plus the events after it, and \
            checks that the two are the same (by digest).

            Example:
              kennis verify && echo intact
            """
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let db = try database.open()
        let bar = ProgressBar("verifying", total: Int(try db.logHead()), threshold: 500_000)
        do {
            let report = try db.verifyLog { done, _ in bar.update(Int(done)) }
            bar.finish()
            print("ok: \(counted(report.events, "event")) verified; head seq \(report.head.seq), hash \(report.head.hash.hex)")
            let graph = try db.verifyGraph()
            for skipped in graph.skippedSnapshots { Terminal.standardError.write("kennis: warning: \(skipped)\n") }
            let source = graph.snapshotSeq.map { "the snapshot at seq \($0) plus the tail" } ?? "the log (no snapshot stored)"
            guard graph.matches else {
                throw CommandFailure("graph verification failed: the graph from \(source) differs from the full replay")
            }
            print("ok: the graph from \(source) equals the full replay; digest \(graph.replayDigest.hex)")
        } catch let failure as CommandFailure {
            throw failure
        } catch let EventLogError.corrupt(seq, reason) {
            bar.finish()
            throw CommandFailure("verification failed at seq \(seq): \(reason)")
        } catch {
            bar.finish()
            throw CommandFailure(oneLine(error))
        }
    }
}
