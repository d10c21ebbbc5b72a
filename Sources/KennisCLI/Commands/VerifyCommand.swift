import ArgumentParser
import Kennis

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove the log intact: recompute the hash chain and decode every event.",
        discussion: """
            Reads every stored event, decodes it strictly, recomputes hash = SHA-256(previous hash ‖ seq ‖ \
            SHA-256(canonical bytes)) and compares it with the stored one; checks that seqs are dense, times \
            never go back, and the head names the last event. An event an erasure changed is checked on the \
            digest of its bytes as recorded, kept beside it, and must name the pseudonym of an erasure \
            later in the log; they are counted per erasure. Exits 1 naming the first bad seq. Then rebuilds the \
            graph twice, from the whole log and from the newest snapshot plus the events after it, and \
            checks that the two are the same (by digest).

            With --against OTHER, compares the two logs instead, by their hash chains: whether they are the \
            same, one the other's prefix (a backup of an earlier moment), or where they part; exits 1 when \
            they part.

            Examples:
              kennis verify && echo intact
              kennis verify --against /backups/kennis-2026-12-05
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Compare this database's log with another's (a backup).", valueName: "path"))
    var against: String?

    func run() throws {
        let db = try database.open()
        if let against {
            try compare(db, with: against)
            return
        }
        let bar = ProgressBar("verifying", total: Int(try db.logHead()), threshold: 500_000)
        do {
            let report = try db.verifyLog { done, _ in bar.update(Int(done)) }
            bar.finish()
            print("ok: \(counted(report.events, "event")) verified; head seq \(report.head.seq), hash \(report.head.hash.hex)")
            if !report.erased.isEmpty {
                let erasures = report.erased.sorted { $0.key < $1.key }.map { "seq \($0.key) (\(counted(Int($0.value), "event")))" }
                print(
                    "ok: \(counted(Int(report.erasedEvents), "event")) erased by \(counted(erasures.count, "erasure")): "
                        + erasures.joined(separator: ", ") + "; their links verified on the digests recorded before")
            }
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

    private func compare(_ db: Database, with path: String) throws {
        let comparison: LogComparison
        do {
            comparison = try db.compareLog(with: Database(path: path))
        } catch {
            throw CommandFailure(oneLine(error))
        }
        switch comparison {
        case .identical(let head): print("ok: the two logs are the same, up to seq \(head)")
        case .prefix(let shared, let thisIsLonger):
            let (shorter, longer) = thisIsLonger ? (path, database.resolvedPath) : (database.resolvedPath, path)
            print("ok: \(shorter) is \(longer) up to seq \(shared), where it ends")
        case .diverge(let lastShared):
            throw CommandFailure("the logs part: the same up to seq \(lastShared), different from seq \(lastShared + 1)")
        }
    }
}
