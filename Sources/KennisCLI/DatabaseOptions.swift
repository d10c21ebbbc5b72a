import ArgumentParser
import Kennis

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `--db PATH`, shared by every command that opens a database.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .customLong("db"),
        help: ArgumentHelp(
            "The database directory (default: $KENNIS_DB, else ./kennis.db).", valueName: "path"))
    var path: String?

    /// The path in force: --db, else $KENNIS_DB, else ./kennis.db.
    var resolvedPath: String {
        if let path { return path }
        if let fromEnvironment = getenv("KENNIS_DB"), fromEnvironment.pointee != 0 { return String(cString: fromEnvironment) }
        return "./kennis.db"
    }

    /// Opens the database, which must exist unless `create` is set.
    func open(create: Bool = false) throws -> Database {
        let db: Database
        do {
            db = try Database(path: resolvedPath, create: create)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        for skipped in db.opening.skippedSnapshots {
            Terminal.standardError.write("kennis: warning: \(skipped); the graph was rebuilt from the log\n")
        }
        if let first = db.replayProblems.first {
            Terminal.standardError.write(
                "kennis: warning: events of the log that break a rule are left out of the graph: \(db.replayProblems.count) (first: \(first))\n"
            )
        }
        return db
    }
}
