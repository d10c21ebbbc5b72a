import ArgumentParser
import Kennis

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove the log intact: recompute the hash chain and decode every event.",
        discussion: """
            Reads every stored event, decodes it strictly, recomputes hash = SHA-256(previous hash ‖ seq ‖ \
            canonical bytes) and compares it with the stored one; checks that seqs are dense, times never \
            go back, and the head names the last event. Exits 1 naming the first bad seq.

            Example:
              kennis verify && echo intact
            """
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let db = try database.open()
        let bar = ProgressBar("verifying", total: Int(try db.log.head().seq), threshold: 500_000)
        do {
            let report = try db.log.verify { done, _ in bar.update(Int(done)) }
            bar.finish()
            print("ok: \(counted(report.events, "event")) verified; head seq \(report.head.seq), hash \(report.head.hash.hex)")
        } catch let EventLogError.corrupt(seq, reason) {
            bar.finish()
            throw CommandFailure("verification failed at seq \(seq): \(reason)")
        } catch {
            bar.finish()
            throw CommandFailure(oneLine(error))
        }
    }
}
