import Foundation
import TestSupport
import Testing

/// `kennis query` as a subprocess on the shipped ecosystem: every way in, every format out, errors.
@Suite(.serialized)
struct QueryCommandTests {
    /// One database with the shipped events, shared by the tests of this suite.
    static let database: (directory: TemporaryDirectory, path: String) = {
        let directory = TemporaryDirectory()
        let path = directory.appending("eco.db")
        _ = try? CLI.run(["import", "--db", path] + CLI.eventFiles)
        return (directory, path)
    }()

    private func query(_ arguments: [String], input: Data? = nil) throws -> CLI.Result {
        try CLI.run(["query", "--db", Self.database.path] + arguments, input: input)
    }

    /// The head of the shipped log.
    private func head() throws -> Int {
        let stats = try object(try CLI.run(["stats", "--db", Self.database.path, "--format", "json"]).stdout)
        return try #require(stats["events"] as? Int)
    }

    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func jsonCarriesColumnsRowsAndTheSeq() throws {
        let result = try query(["MATCH (l:Lab {name: 'RAIL Lab'}) RETURN l, l.name AS name, 2.0 AS two", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let answer = try object(result.stdout)
        #expect(answer["columns"] as? [String] == ["l", "name", "two"])
        let row = try #require((answer["rows"] as? [[Any]])?.first)
        let lab = try #require(row[0] as? [String: Any])
        #expect((lab["id"] as? String)?.hasPrefix("lab:") == true)
        #expect((lab["properties"] as? [String: Any])?["name"] as? String == "RAIL Lab")
        #expect(row[1] as? String == "RAIL Lab")
        // A float keeps its fraction so that clients can tell it from an integer.
        #expect(result.stdout.contains(",2.0]"))
        #expect(answer["seq"] as? Int == (try head()))
    }

    @Test func writesNeedTheWriteFlagAndReportWhatChanged() throws {
        // Its own database: the suite's shared one stays as shipped.
        let directory = TemporaryDirectory()
        let path = directory.appending("w.db")
        _ = try CLI.run(["import", "--db", path] + CLI.eventFiles)
        let text = "MERGE (l:Lab {`@id`: 'lab:cli-test'}) ON CREATE SET l.name = 'CLI Lab' RETURN l.name AS name"
        let refused = try CLI.run(["query", "--db", path, text])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("Forbidden: MERGE writes to the graph"))
        #expect(refused.stderr.contains("1 | MERGE"))
        let table = try CLI.run(["query", "--db", path, "--write", "--actor", "cli-steward", "--format", "table", text])
        #expect(table.status == 0, "\(table.stderr)")
        #expect(table.stdout.contains("CLI Lab"))
        #expect(table.stdout.contains("(1 node created, 1 property set, 1 label added; 2 events appended at seqs"), "\(table.stdout)")
        // Again: matched, nothing written; the statistics of CSV go to standard error.
        let csv = try CLI.run(["query", "--db", path, "--write", "--format", "csv", text])
        #expect(csv.stdout == "name\r\nCLI Lab\r\n")
        #expect(csv.stderr == "kennis: no changes\n")
        let log = try CLI.run(["log", "--db", path, "--entity", "lab:cli-test"])
        #expect(log.stdout.split(separator: "\n").count == 2)
        #expect(log.stdout.contains(#""actor":"cli-steward""#))
        let asOf = try CLI.run(["query", "--db", path, "--write", "--as-of", "3", text])
        #expect(asOf.status != 0 && asOf.stderr.contains("--as-of"))
    }

    @Test func validAtReadsTheWorldAtAValidTime() throws {
        let dir = TemporaryDirectory()
        let path = dir.appending("db")
        let events = dir.appending("v.jsonl")
        let lines = [
            #"{"type":"entity.created","id":"lab:x","kind":"Lab","props":{"valid_from":{"date":"2020-01-01"}}}"#,
            #"{"type":"entity.created","id":"p:a","kind":"Person"}"#,
            #"{"type":"relation.added","rel":"MEMBER_OF","from":"p:a","to":"lab:x"}"#,
        ]
        try (lines.joined(separator: "\n") + "\n").write(toFile: events, atomically: true, encoding: .utf8)
        _ = try CLI.run(["import", "--db", path, events])
        let before = try CLI.run([
            "query", "--db", path, "--valid-at", "2019-06-01", "--format", "csv", "MATCH (l:Lab) RETURN count(l) AS n",
        ])
        #expect(before.status == 0 && before.stdout == "n\r\n0\r\n")
        let after = try CLI.run([
            "query", "--db", path, "--valid-at", "2020-01-01T00:00+00:00", "--format", "csv", "MATCH (l:Lab) RETURN count(l) AS n",
        ])
        #expect(after.status == 0 && after.stdout == "n\r\n1\r\n")
        let bad = try CLI.run(["query", "--db", path, "--valid-at", "2020-13-01", "RETURN 1"])
        #expect(bad.status == 2 && bad.stderr.contains("valid-at"))
        let write = try CLI.run(["query", "--db", path, "--write", "--valid-at", "2020-01-01", "CREATE (:Lab)"])
        #expect(write.status == 2 && write.stderr.contains("--valid-at"))
        // show and diff at a valid time.
        let shown = try CLI.run(["show", "--db", path, "lab:x", "--valid-at", "2021-01-01"])
        #expect(shown.status == 0 && shown.stdout.hasPrefix("lab:x  Lab"))
        let absent = try CLI.run(["show", "--db", path, "lab:x", "--valid-at", "2019-01-01"])
        #expect(absent.status == 1 && absent.stderr.contains("did not hold at that valid time (valid from date('2020-01-01') until ever)"))
        let member = try CLI.run(["show", "--db", path, "MEMBER_OF:p:a->lab:x", "--valid-at", "2019-01-01"])
        #expect(member.status == 1 && member.stderr.contains("one of its ends did not hold then"), "\(member.stderr)")
        let world = try CLI.run(["diff", "--db", path, "--world", "2019-01-01", "2021-01-01"])
        #expect(world.status == 0 && world.lines.first?.hasPrefix("in the world from 2019-01-01 to 2021-01-01") == true)
        #expect(world.lines.contains("+ lab:x  Lab"))
        let refused = try CLI.run(["diff", "--db", path, "--world", "1", "2"])
        #expect(refused.status == 2)
    }

    @Test func explainPrintsThePlanWithoutRunningTheQuery() throws {
        let text = "MATCH (p:Person)-[:MEMBER_OF]->(l:Lab) WHERE id(l) = 'lab:ai-methods' AND p.name STARTS WITH 'J' RETURN p.name"
        let plain = try query(["--explain", text])
        #expect(plain.status == 0, "\(plain.stderr)")
        let lines = plain.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "Plan at seq \(try head()) (~ rows are the planner's estimates)")
        // The lab is known by id, so the pattern is read from it, and the name test waits for p.
        #expect(lines.contains { $0.hasPrefix("  NodeById") && $0.contains("l: 1 id (the pattern read from its other end)") })
        #expect(lines.contains { $0.hasPrefix("  Expand") && $0.contains("(l)<-[:MEMBER_OF]-(p:Person)") })
        #expect(lines.contains { $0.hasPrefix("    Filter") && $0.contains("p.name STARTS WITH 'J'") })
        let json = try object(try query(["--explain", "--format", "json", text]).stdout)
        let steps = try #require(json["plan"] as? [[String: Any]])
        #expect(steps.map { $0["operation"] as? String } == ["Match", "NodeById", "Filter", "Expand", "Filter", "Return"])
        #expect(json["seq"] as? Int == (try head()))
        // A bad query is refused the same way as when it runs.
        let bad = try query(["--explain", "MATCH (n) RETURN m"])
        #expect(bad.status == 1 && bad.stderr.contains("variable `m` is not defined"))
    }

    @Test func profilePrintsTheAnswerThenThePlanWithWhatWasMeasured() throws {
        let text = "MATCH (p:Person) WHERE p.name STARTS WITH 'P' RETURN p.name AS name ORDER BY name"
        let table = try query(["--profile", "--format", "table", text])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let answered = try #require(lines.firstIndex { $0.hasPrefix("(") && $0.contains("rows at seq") })
        let count = try #require(Int(lines[answered].dropFirst().prefix { $0.isNumber }))
        #expect(lines[answered + 2].hasPrefix("Profile at seq"))
        #expect(lines.contains { $0.hasPrefix("Match") && $0.contains("=\(count) rows") && $0.hasSuffix(" ms") })
        #expect(lines.contains { $0.hasPrefix("  NodeIndexPrefixSeek") && $0.contains("=\(count) rows") })
        // In CSV the plan goes to standard error; in JSON it is the answer's "plan".
        let csv = try query(["--profile", "--format", "csv", text])
        #expect(csv.stdout.split(separator: "\r\n").count == count + 1 && csv.stderr.hasPrefix("Profile at seq"))
        let json = try object(try query(["--format", "json", "EXPLAIN " + text]).stdout)
        #expect((json["rows"] as? [Any])?.isEmpty == true && json["columns"] as? [String] == ["name"])
        #expect((json["plan"] as? [[String: Any]])?.first?["operation"] as? String == "Match")
        let both = try query(["--profile", "--explain", text])
        #expect(both.status == 2 && both.stderr.contains("give one"))
    }

    @Test func datesAreTheirISOTextInEveryFormat() throws {
        let text = "RETURN date('2015-W30-2') AS d, [date('2020-02-29')] AS l"
        #expect(try query([text, "--format", "csv"]).stdout == "d,l\r\n2015-07-21,\"[\"\"2020-02-29\"\"]\"\r\n")
        #expect(try query([text, "--format", "jsonl"]).stdout == #"{"d":"2015-07-21","l":["2020-02-29"]}"# + "\n")
        #expect(try query([text, "--format", "table"]).stdout.contains("2015-07-21 | [2020-02-29]"))
        // Every other kind too, as java.time writes it.
        let kinds = """
            RETURN localtime('09:30:15.25') AS lt, time('14:00+0100') AS t, localdatetime('2023-W19-4T10') AS ldt,
            datetime('2017-10-29T02:30[Europe/Stockholm]') AS dt, duration({months: 18, seconds: 3.5}) AS p
            """
        let row = "09:30:15.250 | 14:00+01:00 | 2023-05-11T10:00 | 2017-10-29T02:30+02:00[Europe/Stockholm] | P1Y6MT3.5S"
        #expect(try query([kinds, "--format", "table"]).stdout.contains(row))
        #expect(
            try query([kinds, "--format", "csv"]).stdout.hasSuffix(row.replacing(" | ", with: ",") + "\r\n"))
        let bad = try query(["RETURN date('2023-02-30')"])
        #expect(bad.status != 0 && bad.stderr.contains("ArgumentError (InvalidArgumentValue)") && bad.stderr.contains("2023-02-30"))
    }

    @Test func theQueryComesFromAnArgumentAFileOrStandardInput() throws {
        let text = "MATCH (l:Lab) RETURN count(*) AS labs"
        let direct = try query([text, "--format", "csv"])
        #expect(direct.stdout == "labs\r\n10\r\n")
        let directory = TemporaryDirectory()
        let file = directory.appending("labs.cypher")
        try "// how many labs\n\(text)\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try query(["-f", file, "--format", "csv"]).stdout == direct.stdout)
        #expect(try query(["--format", "csv"], input: Data(text.utf8)).stdout == direct.stdout)
    }

    @Test func parametersArriveAsJSON() throws {
        let directory = TemporaryDirectory()
        let file = directory.appending("params.json")
        try #"{"name": "RAIL Lab", "limit": 1}"#.write(toFile: file, atomically: true, encoding: .utf8)
        let text = "MATCH (l:Lab {name: $name}) RETURN l.name AS name LIMIT $limit"
        #expect(try query([text, "--params", file, "--format", "jsonl"]).stdout == "{\"name\":\"RAIL Lab\"}\n")
        // --param overrides the file.
        let overridden = try query([text, "--params", file, "--param", "limit=0", "--format", "jsonl"])
        #expect(overridden.status == 0 && overridden.stdout.isEmpty)
        let bad = try query(["RETURN 1", "--param", "x={oops"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--param x: not a JSON value: column 2"))
        #expect(try query(["RETURN 1", "--param", "=1"]).status == 2)
    }

    @Test func asOfRunsOnTheGraphAsItStoodThen() throws {
        let now = try object(try query(["MATCH (p:Person) RETURN count(p) AS n", "--format", "json"]).stdout)
        let then = try object(try query(["AS OF 100 MATCH (p:Person) RETURN count(p) AS n", "--format", "json"]).stdout)
        let flag = try object(try query(["MATCH (p:Person) RETURN count(p) AS n", "--as-of", "100", "--format", "json"]).stdout)
        #expect(then["seq"] as? Int == 100)
        #expect((then["rows"] as? [[Int]]) == (flag["rows"] as? [[Int]]))
        #expect(try #require((now["rows"] as? [[Int]])?.first?.first) > (try #require((then["rows"] as? [[Int]])?.first?.first)))
        let both = try query(["AS OF 100 RETURN 1", "--as-of", "200"])
        #expect(both.status == 1 && both.stderr.contains("SemanticError"))
    }

    @Test func errorsShowTheLineAndACaret() throws {
        let result = try query(["MATCH (l:Lab)\nRETURN l.nme +"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("SyntaxError") })
        #expect(lines.contains("2 | RETURN l.nme +"))
        #expect(lines.last == "  |               ^")
        #expect(try query(["MATCH (p) RETURN q"]).stderr.contains("SyntaxError (UndefinedVariable): variable `q` is not defined"))
        #expect(try query(["AS OF 'yesterday' RETURN 1"]).stderr.contains("AS OF expects an RFC 3339 time"))
        #expect(try query(["   "]).stderr.contains("the query is empty"))
        let tooMany = try query(["MATCH (a), (b) RETURN a, b", "--max-rows", "100"])
        #expect(tooMany.status == 1 && tooMany.stderr.contains("LimitExceeded"))
        let tooDeep = try query(["MATCH (a)-[*..5]-(b) RETURN count(*)", "--max-depth", "4"])
        #expect(tooDeep.status == 1 && tooDeep.stderr.contains("LimitExceeded"))
        #expect(try query(["RETURN 1", "--timeout", "-1"]).status == 2)
    }

    @Test func tablesAlignAndCountTheirRows() throws {
        let result = try query(["UNWIND ['a', 'bbb'] AS x RETURN x, size(x) AS n", "--format", "table"])
        #expect(result.lines == ["x   | n", "----+--", "a   | 1", "bbb | 3", "(2 rows at seq \(try head()))"])
    }

    /// The reproductions of the hardening issue: a 20,000-term sum and 5,000 nested parentheses were a
    /// segmentation fault; an explained cartesian product of ten parts was a trap.
    @Test func hostileQueriesFailCleanlyAndTheDeepestAllowedOnesRun() throws {
        let directory = TemporaryDirectory()
        let file = directory.appending("q.cypher")
        for text in [
            "RETURN " + Array(repeating: "1", count: 20_000).joined(separator: "+"),
            "RETURN " + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000),
        ] {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            let result = try query(["-f", file])
            #expect(result.status == 1, "\(result.stderr.prefix(200))")
            #expect(result.stderr.contains("LimitExceeded: the query nests deeper than 1000 levels here"), "\(result.stderr.prefix(200))")
            #expect(result.stderr.contains("^"), "no caret under the place")
        }
        let deepest = "RETURN " + String(repeating: "[", count: 999) + "1" + String(repeating: "]", count: 999)
        try deepest.write(toFile: file, atomically: true, encoding: .utf8)
        let answered = try query(["-f", file, "--format", "json"])
        #expect(answered.status == 0, "\(answered.stderr.prefix(200))")
        let plan = try query(["--explain", "MATCH " + (0..<10).map { "(n\($0))" }.joined(separator: ", ") + " RETURN 1 LIMIT 1"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("10^"), "\(plan.stdout)")
    }
}
