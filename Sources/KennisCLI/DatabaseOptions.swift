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
        do {
            return try Database(path: resolvedPath, create: create)
        } catch {
            throw CommandFailure(oneLine(error))
        }
    }
}
