import ArgumentParser
import Kennis

struct EraseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase an entity's personal content from the whole log (an erasure request), keeping the chain verifiable.",
        discussion: """
            Removes from every event about ID its properties (except valid_from and valid_until), its \
            source and note, and replaces ID wherever it appears (its events, its relations' ends and \
            ids) by a pseudonym, erased:<32 hex digits>; with --relations, the relations' own properties, \
            sources and notes go too. Labels, relations to other entities, actors and times stay. It \
            deletes the graph's snapshots, appends an entity.erased event naming the actor and the \
            reason, all in one transaction, and then zeroes every byte of the file that no longer holds \
            data (free pages, and the unused room inside pages), once readers of the old state are done. \
            `kennis verify` still passes, and lists the events each erasure changed.

            The old id is kept nowhere: `kennis erase` cannot be undone, and the id may be used again. \
            Backups made before the erasure still hold the content.

            Example:
              kennis erase person:jane-doe --reason "erasure request 2026-14 (GDPR art. 17)" --actor steward
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The id of the entity to erase.", valueName: "id"))
    var id: String

    @Option(help: "Why: the request this erasure honours (recorded in the entity.erased event).")
    var reason: String

    @Option(help: "Who erases (recorded in the entity.erased event).")
    var actor: String?

    @Flag(help: "Erase the content of the entity's relations too (their properties, sources and notes).")
    var relations = false

    func run() throws {
        let db = try database.open()
        let started = monotonicSeconds()
        let report: ErasureReport
        do {
            report = try db.erase(id, reason: reason, relations: relations, actor: actor)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        let milliseconds = Int((monotonicSeconds() - started) * 1000)
        let zeroed = (try? report.scrub.get()).map { "\($0.bytes) unused bytes zeroed" } ?? "the file not yet scrubbed"
        print(
            "erased \(id) as \(report.pseudonym) at seq \(report.seq): \(counted(report.changedEvents.count, "event")) changed, "
                + "\(counted(report.snapshotsDeleted, "snapshot")) deleted, \(zeroed), in \(milliseconds) ms")
        do {
            try db.close()
        } catch {
            throw CommandFailure(oneLine(error))
        }
        if case .success(let summary) = report.scrub { warnOfPagesLeft(summary) }
        if case .failure(let failure) = report.scrub {
            throw CommandFailure(
                "the erasure is committed, but the file's unused bytes, where the content may remain, were not zeroed: \(failure); "
                    + "run `kennis scrub` once that reader has finished")
        }
    }
}

struct ScrubCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scrub",
        abstract: "Zero every byte of the database's file that holds no data (what an erasure does after it commits).",
        discussion: """
            LMDB leaves old bytes in pages it no longer uses and in the unused room inside pages. `kennis \
            erase` zeroes them after its commit, once no reader sees the state before it; when a reader \
            held on too long (or the erasure was interrupted), run this. It waits up to --patience seconds \
            for such readers; while it zeroes, writers wait.

            Example:
              kennis scrub --db ./kennis.db
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Seconds to wait for readers of an older state to finish.")
    var patience = 30

    func validate() throws {
        guard patience >= 0 else { throw ValidationError("--patience must be 0 or more seconds") }
    }

    func run() throws {
        let db = try database.open()
        do {
            let summary = try db.scrub(patience: .seconds(patience))
            print("scrubbed: \(summary.bytes) unused bytes zeroed, \(summary.pagesScanned) pages looked at")
            warnOfPagesLeft(summary)
        } catch {
            throw CommandFailure(oneLine(error))
        }
    }
}

struct UpgradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upgrade",
        abstract: "Upgrade a database written by an older kennis to the current log format.",
        discussion: """
            Format 1 logs (before erasure existed) chained each event's bytes; format 2 chains each \
            event's digest, so that content can be erased while every link still verifies. The upgrade \
            proves the old chain, writes a backup into --backup (verified), then recomputes every link \
            in one transaction and proves the new chain. The events themselves are not changed. A \
            database already current is left as it is.

            Example:
              kennis upgrade --db ./kennis.db --backup ./kennis-before-upgrade
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Where to write the backup made first (new, or an empty directory).", valueName: "dir"))
    var backup: String

    func run() throws {
        let outcome: UpgradeOutcome
        do {
            outcome = try Database.upgrade(database.resolvedPath, backup: backup)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        switch outcome {
        case .current(let format):
            print("ok: the log is of format \(format), the current one; nothing to do")
        case .upgraded(let from, let events, let head, let backup):
            print(
                "upgraded the log from format \(from): \(counted(Int(events), "event")) rechained and verified; "
                    + "head seq \(head.seq), hash \(head.hash.hex); the old database is in \(backup)")
        }
    }
}

/// Says on stderr when the scrub met pages it could not read, whose bytes it could not vouch for.
private func warnOfPagesLeft(_ summary: ScrubSummary) {
    guard summary.pagesLeft > 0 else { return }
    Terminal.standardError.write(
        "kennis: warning: \(counted(summary.pagesLeft, "page")) of the file did not read as LMDB pages and were left as they were\n")
}
