import ArgumentParser
import Kennis

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent, verified copy of the database, also while it serves and writes.",
        discussion: """
            Copies the whole database (the log, its indexes, the graph's snapshots), compacted, into DIR \
            (new, or an empty directory), as it stood when the copy began: `kennis serve` and writers go \
            on meanwhile. The copy is made as DIR.partial, its hash chain is verified, and only then is it \
            named DIR; a failure leaves nothing named DIR. Prints the head the backup ends in: its seq and \
            the hash that proves every event before it. `kennis restore` brings it back; `kennis verify \
            --against` compares it with the live database.

            Examples:
              kennis backup /backups/kennis-$(date +%F)
              kennis verify --against /backups/kennis-2026-12-05
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The new (or empty) directory to write the backup into.", valueName: "dir"))
    var directory: String

    @Option(help: "The backup's CPU priority (nice, 0–19): it yields the processor to the server it runs beside.")
    var nice: Int32 = 10

    func validate() throws {
        guard (0...19).contains(nice) else { throw ValidationError("--nice must be between 0 and 19") }
    }

    func run() throws {
        // A backup is background work: on a busy machine the server's requests come first.
        #if canImport(Glibc)
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, nice)
        #else
            _ = setpriority(PRIO_PROCESS, 0, nice)
        #endif
        try timed("backed up") { try Database.backup(database.resolvedPath, to: directory) }
    }
}

struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Restore a backup into a new database path, verified.",
        discussion: """
            Verifies the backup's hash chain, copies it into --db (which must not exist, or be an empty \
            directory) as PATH.partial, verifies the copy, names it, and opens it to load its graph.

            Example:
              kennis restore /backups/kennis-2026-12-05 --db ./kennis.db
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("The backup directory.", valueName: "backup"))
    var backup: String

    func run() throws {
        try timed("restored") { try Database.restore(from: backup, to: database.resolvedPath) }
    }
}

/// Runs a backup or restore and prints `VERB N events (X MB) to PATH in T ms (R MB/s); verified: head
/// seq S, hash H`.
private func timed(_ verb: String, _ work: () throws -> BackupReport) throws {
    let started = monotonicSeconds()
    let report: BackupReport
    do {
        report = try work()
    } catch {
        throw CommandFailure(oneLine(error))
    }
    let seconds = monotonicSeconds() - started
    let megabytes = Double(report.bytes) / 1e6
    let rate = seconds > 0 ? Int(megabytes / seconds) : 0
    let size = String(Int(megabytes)) + "." + String(Int(megabytes * 10) % 10)
    print(
        "\(verb) \(counted(Int(report.events), "event")) (\(size) MB) to \(report.path) in "
            + "\(Int(seconds * 1000)) ms (\(rate) MB/s); verified: head seq \(report.head.seq), hash \(report.head.hash.hex)")
}
