// The `kennis` command: parse arguments, run one subcommand, map errors to exit codes.
// Exit 0 on success, 1 with a one-line error on stderr, 2 on usage errors (ArgumentParser's own
// validation code 64 is mapped to 2, the shell convention for "bad usage").
import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Kennis {
    static func main() async {
        do {
            var command = try KennisCommand.parseAsRoot()
            if var serving = command as? any AsyncParsableCommand {
                try await serving.run()
            } else {
                try command.run()
            }
        } catch let error as CommandFailure {
            Terminal.standardError.write("kennis: error: \(error.message)\n")
            exit(1)
        } catch {
            let code = KennisCommand.exitCode(for: error)
            if code == .success || code == .failure {
                KennisCommand.exit(withError: error)
            }
            if code == .validationFailure {
                Terminal.standardError.write(KennisCommand.fullMessage(for: error) + "\n")
                Terminal.standardError.write("Run `kennis --help` (or `kennis COMMAND --help`) for usage.\n")
                exit(2)
            }
            // Anything else a command throws is a runtime failure: one line, exit 1.
            Terminal.standardError.write("kennis: error: \(oneLine(error))\n")
            exit(1)
        }
    }
}

/// The root command: only holds the subcommands and the overview.
struct KennisCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kennis",
        abstract: "An event-sourced knowledge graph of the AI in Health ecosystem.",
        discussion: """
            Everything Kennis knows is an event in an append-only, hash-chained log (LMDB). Import JSON Lines files of events (docs/events.md), read the log back, follow one entity's history, and prove the log intact with `verify`. Ask the graph questions in Cypher, at any point in its history, with `query`; serve it over HTTP (docs/http.md) with `serve`.

            The database is the directory given by --db, else $KENNIS_DB, else ./kennis.db.

            Exit status: 0 on success, 1 on an error (one line on stderr), 2 on a usage error.
            """,
        version: "0.1.0",
        subcommands: [
            InitCommand.self, ImportCommand.self, AppendCommand.self, LogCommand.self, HistoryCommand.self,
            VerifyCommand.self, StatsCommand.self, ShowCommand.self, DiffCommand.self, SnapshotCommand.self, QueryCommand.self,
            ExportCommand.self, BackupCommand.self, RestoreCommand.self, EraseCommand.self, ScrubCommand.self, UpgradeCommand.self,
            ServeCommand.self,
        ]
    )
}

/// A failure a command reports as one line on stderr, exiting with status 1.
struct CommandFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// `error` described on one line.
func oneLine(_ error: any Error) -> String {
    String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
}
