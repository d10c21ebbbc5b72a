import ArgumentParser
import Kennis

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `--param name=value` value, the value in JSON. What is wrong with a bad one is kept, so that
/// validation can say it (ArgumentParser's own message could only call the whole value invalid).
struct ParameterArgument: ExpressibleByArgument {
    let name: String
    let parsed: Result<Value, ValidationError>

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="), equals != argument.startIndex else { return nil }
        name = String(argument[..<equals])
        do {
            parsed = .success(Value(json: try JSONValue(parsing: String(argument[argument.index(after: equals)...]))))
        } catch {
            parsed = .failure(
                ValidationError("--param \(name): not a JSON value: \(error) (a string needs its quotes: \(name)='\"text\"')"))
        }
    }
    static var defaultCompletionKind: CompletionKind { .default }
}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a Cypher query on the graph (docs/query.md).",
        discussion: """
            The query is the argument, else the file given by -f, else standard input. Parameters are \
            JSON values: --param name='"Ann"' --param limit=10, or all at once from a JSON object file \
            with --params. --as-of (or AS OF in the query) runs it on the graph as it stood then.

            A query that writes (CREATE, MERGE, SET, REMOVE, DELETE) needs --write: its changes are \
            appended as one batch of events, recorded as --actor's (default: $USER), or nothing is \
            written. What it changed is printed with the result (on standard error for jsonl and csv).

            Errors print the query line with a caret under the column, and exit 1. --explain prints the \
            plan the query would run with (where each pattern starts, how it expands, where each \
            condition is tested, the planner's row estimates) and does not run it. --profile runs it and \
            prints the plan after the answer with the rows each operation made and the time it took \
            (on standard error for jsonl and csv; in the JSON as "plan"). A query starting with EXPLAIN \
            or PROFILE does the same.

            Examples:
              kennis query "MATCH (l:Lab) RETURN l.name ORDER BY l.name"
              kennis query -f queries/ecosystem-on-a-date.cypher --param on='"2024-06-01"' --format csv
              kennis query "MATCH (p:Person) RETURN count(p)" --as-of 2026-01-01
              kennis query --explain -f queries/people-across-institutions.cypher
              kennis query --profile "MATCH (p:Person) WHERE p.name STARTS WITH 'An' RETURN count(p)"
              kennis query --write 'MERGE (l:Lab {`@id`: "lab:x"}) ON CREATE SET l.name = "X"'
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var validAt: ValidAtOption

    @Argument(help: ArgumentHelp("The query (else -f FILE, else standard input).", valueName: "query"))
    var text: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Read the query from this file.", valueName: "file"))
    var file: String?

    @Option(
        name: .customLong("param"), parsing: .singleValue,
        help: ArgumentHelp("A parameter: name=JSON value (repeatable).", valueName: "name=value"))
    var parameters: [ParameterArgument] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("A JSON object file of parameters.", valueName: "file"))
    var parametersFile: String?

    @Option(help: "table, json, jsonl or csv (default: table on a terminal, else json).")
    var format: ResultFormat?

    @Flag(help: "Print the plan instead of running the query (text, or JSON with --format json).")
    var explain = false

    @Flag(help: "Run the query and print its plan with each operation's measured rows and time.")
    var profile = false

    @Flag(help: "Allow the query to write (CREATE, MERGE, SET, REMOVE, DELETE): its events are appended as one batch.")
    var write = false

    @Option(help: "Record this actor on the events a write makes (default: $USER).")
    var actor: String?

    @Option(help: ArgumentHelp("Stop the query after this many seconds (0: no limit).", valueName: "seconds"))
    var timeout: Double = 30

    @Option(name: .customLong("max-rows"), help: "The most rows any stage of the query may hold.")
    var maximumRows: Int = QueryLimits().maximumRows

    @Option(name: .customLong("max-depth"), help: "The largest upper bound a variable-length pattern may ask for.")
    var maximumDepth: Int = QueryLimits().maximumDepth

    func validate() throws {
        if text != nil && file != nil { throw ValidationError("give the query as an argument or with -f, not both") }
        if explain && profile { throw ValidationError("--explain prints the plan without running the query; --profile runs it: give one") }
        for parameter in parameters { _ = try parameter.parsed.get() }
        if !(timeout >= 0) { throw ValidationError("--timeout must be a number of seconds, 0 or more") }
        if maximumRows < 1 { throw ValidationError("--max-rows must be at least 1") }
        if maximumDepth < 1 { throw ValidationError("--max-depth must be at least 1") }
        if write && asOf.position != nil {
            throw ValidationError("--write runs at the head of the log; it cannot be combined with --as-of")
        }
        if write && validAt.instant != nil {
            throw ValidationError("--write sees the graph at every valid time; it cannot be combined with --valid-at")
        }
    }

    func run() throws {
        let query = try queryText()
        let values = try parameterValues()
        let db = try database.open()
        if explain { return try printPlan(query, values, db) }
        let clock = ContinuousClock()
        let started = clock.now
        let answer: QueryAnswer
        do {
            let limits = QueryLimits(
                defaultDepth: min(QueryLimits().defaultDepth, maximumDepth), maximumDepth: maximumDepth, maximumRows: maximumRows,
                timeout: timeout == 0 ? nil : .milliseconds(Int64(timeout * 1000)))
            let write = write, actor = actor ?? Self.userName, position = asOf.position, profile = profile
            let validAt = validAt.instant
            // On a worker thread: its stack is sized for the deepest query the parser lets through.
            answer = try WorkerThreads.shared.runAndWait {
                var statement = try Parser.parse(query)
                if profile { statement.mode = .profile }
                if write { return try db.write(statement, parameters: values, actor: actor, limits: limits) }
                return try db.query(statement, parameters: values, at: position, validAt: validAt, limits: limits)
            }
        } catch let error as QueryError {
            throw CommandFailure("query failed\n" + error.rendered(in: query))
        } catch {
            throw CommandFailure(oneLine(error))
        }
        let elapsed = clock.now - started
        var out = OutputBuffer(.standardOutput)
        let printer = ResultPrinter(answer: answer, elapsedMilliseconds: elapsed.milliseconds)
        let format = format ?? .automatic
        out.append(printer.text(format, width: Terminal.standardOutput.width))
        out.flush()
        if let statistics = answer.result.statistics, format == .jsonl || format == .csv {
            Terminal.standardError.write("kennis: \(statistics.summary)\n")
        }
        // EXPLAIN or PROFILE: the plan after the answer, where it does not mix with the rows.
        if let plan = answer.result.plan {
            switch format {
            case .jsonl, .csv: Terminal.standardError.write(plan.text + "\n")
            case .json: break
            default: print("\n" + plan.text)
            }
        }
    }

    private func printPlan(_ query: String, _ values: [String: Value], _ db: Database) throws {
        let plan: QueryPlan
        do {
            let position = asOf.position, validAt = validAt.instant
            plan = try WorkerThreads.shared.runAndWait { try db.explain(query, parameters: values, at: position, validAt: validAt) }
        } catch let error as QueryError {
            throw CommandFailure("query failed\n" + error.rendered(in: query))
        } catch {
            throw CommandFailure(oneLine(error))
        }
        var out = OutputBuffer(.standardOutput)
        switch format {
        case .json, .jsonl:
            var writer = JSONWriter()
            writer.beginObject()
            writer.key("seq")
            writer.unsigned(plan.seq)
            writer.key("plan")
            plan.writeSteps(into: &writer)
            writer.endObject()
            out.append(writer.string + "\n")
        default:
            out.append(plan.text + "\n")
        }
        out.flush()
    }

    /// Who runs the command, by the environment's USER (nil when it is unset).
    private static var userName: String? {
        guard let name = getenv("USER"), name.pointee != 0 else { return nil }
        return String(cString: name)
    }

    private func queryText() throws -> String {
        let text = try self.text ?? readText()
        guard text.contains(where: { !$0.isWhitespace }) else { throw CommandFailure("the query is empty") }
        return text
    }

    private func readText() throws -> String {
        let bytes: [UInt8]
        if let file {
            let mapped: MappedFile
            do { mapped = try MappedFile(path: file) } catch { throw CommandFailure(oneLine(error)) }
            bytes = Array(mapped.bytes)
        } else {
            bytes = readAll(fileDescriptor: 0)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw CommandFailure("the query \(file.map { "in \($0) " } ?? "")is not valid UTF-8")
        }
        return text
    }

    /// --params first, then each --param over it.
    private func parameterValues() throws -> [String: Value] {
        var values: [String: Value] = [:]
        if let parametersFile {
            let mapped: MappedFile
            do { mapped = try MappedFile(path: parametersFile) } catch { throw CommandFailure(oneLine(error)) }
            let json: JSONValue
            do {
                json = try JSONValue(parsing: String(decoding: mapped.bytes, as: UTF8.self))
            } catch {
                throw CommandFailure("\(parametersFile): \(error)")
            }
            guard case .object(let members) = json else { throw CommandFailure("\(parametersFile): expected a JSON object of parameters") }
            for member in members { values[member.key] = Value(json: member.value) }
        }
        for parameter in parameters { values[parameter.name] = try parameter.parsed.get() }
        return values
    }
}
