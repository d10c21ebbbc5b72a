import ArgumentParser
import Bolt
import Kennis
import Logging
import Server

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API of docs/http.md (queries, events, streams, projections).",
        discussion: """
            Writes (POST /events) need a write token: one per line in --token-file, or in $KENNIS_TOKEN, \
            each `name:secret` or a bare secret (at least 16 characters); the name becomes the actor of \
            the events appended with it. Reads are open unless read tokens are given (--read-token-file, \
            $KENNIS_READ_TOKEN). Admin tokens (--admin-token-file, $KENNIS_ADMIN_TOKEN) may do what a \
            write token may, and the operations: POST /backup writes a backup into --backup-dir. Steward \
            tokens (--steward-token-file, $KENNIS_STEWARD_TOKEN) may do what a write token may, and erase \
            (POST /erasures): no other token may. Tokens are never taken from the command line.

            Projections are the .cypher files of --projections (default: queries/projections, when it \
            exists); the web workbench at / offers the .cypher files of --examples (default: queries, \
            when it exists) as example queries. Bolt (Neo4j's drivers and tools) is served on --bolt-port \
            (7687; --no-bolt for none) with the same tokens, as the password or a bearer token. SIGINT or SIGTERM stops accepting requests, ends the event streams, finishes the \
            requests in flight, writes a snapshot and closes the database.

            Examples:
              kennis serve
              KENNIS_TOKEN=steward:$(openssl rand -hex 24) kennis serve --port 8080
              curl -s localhost:7474/query -d '{"query": "MATCH (l:Lab) RETURN l.name"}'
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0: any free port).")
    var port = 7474

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Write tokens, one per line.", valueName: "file"))
    var tokenFile: String?

    @Option(name: .customLong("read-token-file"), help: ArgumentHelp("Read tokens, one per line.", valueName: "file"))
    var readTokenFile: String?

    @Option(name: .customLong("admin-token-file"), help: ArgumentHelp("Admin (operator) tokens, one per line.", valueName: "file"))
    var adminTokenFile: String?

    @Option(
        name: .customLong("steward-token-file"),
        help: ArgumentHelp("Steward tokens (writes and erasures), one per line.", valueName: "file"))
    var stewardTokenFile: String?

    @Option(name: .customLong("backup-dir"), help: ArgumentHelp("Where POST /backup writes backups.", valueName: "dir"))
    var backupDirectory: String?

    @Option(help: ArgumentHelp("The directory of the named projections.", valueName: "dir"))
    var projections: String?

    @Option(help: ArgumentHelp("The directory of the example queries the workbench offers.", valueName: "dir"))
    var examples: String?

    @Option(help: ArgumentHelp("Stop a query after this many seconds.", valueName: "seconds"))
    var timeout: Double = 30

    @Option(name: .customLong("max-rows"), help: "The most rows any stage of a query may hold.")
    var maximumRows = 100_000

    @Option(name: .customLong("max-body"), help: ArgumentHelp("The largest request body, in bytes.", valueName: "bytes"))
    var maximumBody = 16 << 20

    @Option(
        name: .customLong("max-concurrent"),
        help: "Requests and Bolt queries handled at once before others are refused (HTTP 503, Bolt NoThreadsAvailable).")
    var maximumConcurrent = 64

    @Option(name: .customLong("max-connections"), help: "Connections open at once; past it new ones wait in the backlog.")
    var maximumConnections = ServerConfiguration().maximumConnections

    @Option(name: .customLong("max-streams-per-client"), help: "Event streams one client address may hold open.")
    var maximumStreamsPerClient = ServerConfiguration().maximumStreamsPerClient

    @Option(
        name: .customLong("header-timeout"),
        help: ArgumentHelp("Close a connection whose next request head has not arrived after this long.", valueName: "seconds"))
    var headerTimeout: Double = 10

    @Option(
        name: .customLong("body-timeout"), help: ArgumentHelp("Answer 408 when a request body takes longer.", valueName: "seconds"))
    var bodyTimeout: Double = 60

    @Option(name: .customLong("bolt-port"), help: "The Bolt port (Neo4j drivers and tools); 0 picks a free one.")
    var boltPort = BoltConfiguration().port

    @Flag(name: .customLong("no-bolt"), help: "Do not serve Bolt.")
    var noBolt = false

    @Option(
        name: .customLong("bookmark-wait"),
        help: ArgumentHelp(
            "How long a Bolt transaction that presents a bookmark waits for the log to reach it.", valueName: "seconds"))
    var bookmarkWait: Double = 30

    @Option(
        name: .customLong("log-level"),
        help: "info logs one line per request; warning logs only problems (trace, debug, info, notice, warning, error, critical).")
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port), (0...65535).contains(boltPort) else {
            throw ValidationError("--port and --bolt-port must be between 0 and 65535")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        guard maximumRows >= 1, maximumBody >= 1024, maximumConcurrent >= 1, maximumConnections >= 1, maximumStreamsPerClient >= 1 else {
            throw ValidationError(
                "--max-rows, --max-concurrent, --max-connections and --max-streams-per-client must be at least 1, --max-body at least 1024")
        }
        guard headerTimeout > 0, bodyTimeout > 0 else {
            throw ValidationError("--header-timeout and --body-timeout must be positive numbers of seconds")
        }
        guard bookmarkWait >= 0, bookmarkWait <= 3600 else { throw ValidationError("--bookmark-wait must be between 0 and 3600 seconds") }
    }

    func run() async throws {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.writeTokens = try tokens(file: tokenFile, variable: "KENNIS_TOKEN", fallbackName: "writer")
        configuration.readTokens = try tokens(file: readTokenFile, variable: "KENNIS_READ_TOKEN", fallbackName: "reader")
        configuration.adminTokens = try tokens(file: adminTokenFile, variable: "KENNIS_ADMIN_TOKEN", fallbackName: "admin")
        configuration.stewardTokens = try tokens(file: stewardTokenFile, variable: "KENNIS_STEWARD_TOKEN", fallbackName: "steward")
        configuration.backupDirectory = backupDirectory
        configuration.queryLimits = QueryLimits(maximumRows: maximumRows, timeout: .milliseconds(Int64(timeout * 1000)))
        configuration.maximumBodyBytes = maximumBody
        configuration.maximumConcurrentRequests = maximumConcurrent
        configuration.maximumConnections = maximumConnections
        configuration.maximumStreamsPerClient = maximumStreamsPerClient
        configuration.requestHeadTimeout = .milliseconds(Int64(headerTimeout * 1000))
        configuration.requestBodyTimeout = .milliseconds(Int64(bodyTimeout * 1000))
        if let projections {
            guard FileSystem.isDirectory(projections) else { throw CommandFailure("--projections: \(projections) is not a directory") }
            configuration.projectionsDirectory = projections
        } else if FileSystem.isDirectory("queries/projections") {
            configuration.projectionsDirectory = "queries/projections"
        }
        if let examples {
            guard FileSystem.isDirectory(examples) else { throw CommandFailure("--examples: \(examples) is not a directory") }
            configuration.examplesDirectory = examples
        } else if FileSystem.isDirectory("queries") {
            configuration.examplesDirectory = "queries"
        }
        let db = try database.open()
        let sink = LogSink()
        var logger = Logger(label: "kennis", factory: { BufferedLogHandler(label: $0, sink: sink) })
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let server: KennisServer
        do {
            server = try KennisServer(database: db, configuration: configuration, logger: logger)
        } catch {
            throw CommandFailure(oneLine(error))
        }
        let writable = !configuration.writeTokens.isEmpty
        var boltSettings = boltConfiguration(configuration)
        boltSettings.observer = server.metrics
        boltSettings.admission = server.admission
        let bolt = noBolt ? nil : BoltServer(database: db, configuration: boltSettings, logger: logger)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Bolt is bound first, so the lines below can name both addresses (or say why not).
                var boltAddress: String? = nil
                if let bolt { boltAddress = try await start(bolt, in: &group) }
                let boltLine = boltAddress.map { "\n  bolt: \($0) (Neo4j drivers and tools; neo4j:// too)" } ?? ""
                try await server.run { host, port in
                    let url = "http://\(Self.authority(host, port))"
                    var out = OutputBuffer(.standardOutput)
                    out.append(
                        """
                        kennis: serving \(database.resolvedPath) at seq \(db.head) on \(url)\(writable ? "" : " (read-only: no write token)")
                          open: \(url)/ in a browser (the workbench)
                          try: curl -s \(url)/query -d '{"query": "MATCH (l:Lab) RETURN l.name AS lab ORDER BY lab"}'
                          docs: \(url)/openapi.json\(boltLine)

                        """)
                    out.flush()
                }
                group.cancelAll()
                try await group.waitForAll()
            }
        } catch let failure as CommandFailure {
            sink.flush()
            throw failure
        } catch {
            sink.flush()
            throw CommandFailure("cannot serve on \(host):\(port): \(oneLine(error))")
        }
        sink.flush()
        do {
            try db.close()
        } catch {
            throw CommandFailure("stopped, but the snapshot could not be written: \(oneLine(error))")
        }
        Terminal.standardError.write("kennis: stopped at seq \(db.head)\n")
    }

    /// Runs `bolt` in `group` and waits until it listens: its `bolt://` address. When it cannot bind,
    /// the group's error (which says why) is thrown.
    private func start(_ bolt: BoltServer, in group: inout ThrowingTaskGroup<Void, any Error>) async throws -> String? {
        let (listening, announce) = AsyncStream.makeStream(of: String.self)
        let (host, boltPort) = (host, boltPort)
        group.addTask {
            defer { announce.finish() }
            do {
                try await bolt.run { host, port in announce.yield("bolt://\(Self.authority(host, port))") }
            } catch is CancellationError {
            } catch {
                throw CommandFailure("cannot serve Bolt on \(host):\(boltPort): \(oneLine(error))")
            }
        }
        var addresses = listening.makeAsyncIterator()
        guard let address = await addresses.next() else {
            try await group.waitForAll()
            return nil
        }
        return address
    }

    /// `host:port` as a URL writes it (an IPv6 address in brackets).
    private static func authority(_ host: String, _ port: Int) -> String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The Bolt door's configuration: the HTTP door's tokens and limits.
    private func boltConfiguration(_ http: ServerConfiguration) -> BoltConfiguration {
        var bolt = BoltConfiguration()
        bolt.host = host
        bolt.port = boltPort
        bolt.authority = TokenAuthority(
            writeTokens: http.writeTokens, readTokens: http.readTokens, adminTokens: http.adminTokens, stewardTokens: http.stewardTokens)
        bolt.queryLimits = http.queryLimits
        bolt.maximumMessageBytes = http.maximumBodyBytes
        bolt.maximumConnections = http.maximumConnections
        bolt.bookmarkWait = .milliseconds(Int64(bookmarkWait * 1000))
        return bolt
    }

    /// Tokens from `file`, else from the environment variable, else none.
    private func tokens(file: String?, variable: String, fallbackName: String) throws -> [AccessToken] {
        let text: String
        let origin: String
        if let file {
            do { text = try FileSystem.readText(file) } catch { throw CommandFailure(oneLine(error)) }
            origin = file
        } else if let value = getenv(variable), value.pointee != 0 {
            text = String(cString: value)
            origin = "$" + variable
        } else {
            return []
        }
        do {
            let tokens = try AccessToken.parse(text, fallbackName: fallbackName)
            if tokens.isEmpty { throw CommandFailure("\(origin) holds no token") }
            return tokens
        } catch let error as TokenError {
            throw CommandFailure("\(origin): \(error)")
        }
    }
}
