import ArgumentParser
import Kennis

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty database.",
        discussion: """
            Creates the database directory (data.mdb and lock.mdb inside it) with an empty log. \
            Fails if a database already exists there.

            Example:
              kennis init --db ./ecosystem.db
            """
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let path = database.resolvedPath
        if Database.exists(at: path) { throw CommandFailure("a database already exists at \(path)") }
        _ = try database.open(create: true)
        print("created an empty Kennis database at \(path)")
    }
}
