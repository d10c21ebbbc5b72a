import ArgumentParser
import Kennis

struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Store a snapshot of the graph, so the next open replays only the events after it.",
        discussion: """
            Snapshots are also written on their own every 100,000 events. A damaged snapshot, or one of \\
            another format, is skipped on open with a warning and the graph is rebuilt from the log.

            Example:
              kennis snapshot
            """
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let db = try database.open()
        do {
            let seq = try db.snapshot()
            print("snapshot of the graph at seq \(seq)")
        } catch {
            throw CommandFailure(oneLine(error))
        }
    }
}
