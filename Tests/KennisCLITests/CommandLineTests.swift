import Foundation
import TestSupport
import Testing

@testable import Kennis

@Suite(.serialized)
struct CommandLineTests {
    private func importShipped(into db: String) throws -> CLI.Result {
        try CLI.run(["import", "--db", db] + CLI.eventFiles)
    }

    private func json(_ line: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
    }

    @Test func importLogHistoryVerifyAndStatsOnTheShippedEcosystem() throws {
        let dir = TemporaryDirectory()
        let db = dir.appending("eco.db")
        let imported = try importShipped(into: db)
        #expect(imported.status == 0, "\(imported.stderr)")
        let total = CLI.eventFiles.reduce(0) { count, file in
            count
                + ((try? String(contentsOfFile: file, encoding: .utf8)) ?? "").split(separator: "\n")
                .filter { !$0.hasPrefix("//") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }.count
        }
        #expect(imported.stdout.hasPrefix("imported \(total) events from \(CLI.eventFiles.count) files: seq 1–\(total)"))

        let log = try CLI.run(["log", "--db", db, "--format", "jsonl"])
        #expect(log.status == 0)
        #expect(log.lines.count == total)
        let first = try json(log.lines[0])
        #expect(first["seq"] as? Int == 1)
        #expect(first["type"] as? String == "schema.defined")
        #expect((first["hash"] as? String)?.count == 64)
        #expect((first["recorded_at"] as? String).flatMap(Timestamp.init(rfc3339:)) != nil)

        let removed = try CLI.run(["log", "--db", db, "--type", "relation.removed", "--format", "jsonl"])
        #expect(removed.lines.count == 4)
        #expect(try removed.lines.allSatisfy { try json($0)["type"] as? String == "relation.removed" })
        let window = try CLI.run(["log", "--db", db, "--after", "10", "--limit", "3", "--format", "jsonl"])
        #expect(try window.lines.map { try json($0)["seq"] as? Int } == [11, 12, 13])

        let history = try CLI.run(["history", "--db", db, "person:peter-luijten", "--format", "jsonl"])
        #expect(history.status == 0)
        let types = try history.lines.map { try json($0)["type"] as? String ?? "" }
        #expect(types.first == "entity.created")
        #expect(types.contains("relation.removed"))
        let table = try CLI.run(["history", "--db", db, "person:peter-luijten", "--format", "table"])
        #expect(table.lines.first?.hasPrefix("SEQ") == true)
        #expect(table.lines.count == history.lines.count + 1)

        let verify = try CLI.run(["verify", "--db", db])
        #expect(verify.status == 0)
        #expect(verify.stdout.hasPrefix("ok: \(total) events verified"))
        #expect(verify.lines.last?.hasPrefix("ok: the graph from the log (no snapshot stored) equals the full replay") == true)
        let snapshot = try CLI.run(["snapshot", "--db", db])
        #expect(snapshot.stdout == "snapshot of the graph at seq \(total)\n")
        let verifyWithSnapshot = try CLI.run(["verify", "--db", db])
        #expect(
            verifyWithSnapshot.lines.last?.hasPrefix("ok: the graph from the snapshot at seq \(total) plus the tail equals the full replay")
                == true)

        let stats = try CLI.run(["stats", "--db", db, "--format", "json"])
        let figures = try json(stats.stdout)
        #expect(figures["events"] as? Int == total)
        #expect((figures["by_type"] as? [String: Int])?["schema.defined"] == 1)
    }

    @Test func showStatsAndDiffAnswerFromTheGraphAtAnyPosition() throws {
        let dir = TemporaryDirectory()
        let db = dir.appending("graph.db")
        #expect(try importShipped(into: db).status == 0)

        let imaging = try CLI.run(["show", "--db", db, "lab:imaging"])
        #expect(imaging.status == 0)
        #expect(imaging.lines.first == "lab:imaging  Lab:HealthAILab")
        // The second line carries the seqs and the times the import recorded them (an RFC 3339 instant).
        let times = imaging.lines[1]
        #expect(times.hasPrefix("  created at seq ") && times.contains(" (20") && times.contains("Z), last changed at seq "))
        #expect(imaging.stdout.contains("name = \"AI Lab for Imaging & Image-Guided Interventions\""))
        #expect(imaging.stdout.contains("<-[COORDINATES]- person:nico-van-den-berg  {role: \"Coordinator\""))

        // Peter Luijten's vice-dean relations were removed late in the timeline: gone now, there before.
        let removals = try CLI.run(["log", "--db", db, "--type", "relation.removed", "--format", "jsonl"])
        let firstRemoval = try #require(try json(removals.lines[0])["seq"] as? Int)
        let now = try CLI.run(["show", "--db", db, "person:peter-luijten"])
        let before = try CLI.run(["show", "--db", db, "person:peter-luijten", "--as-of", String(firstRemoval - 1)])
        #expect(!now.stdout.contains("-[LEADS]-> init:utrecht-life-sciences"))
        #expect(before.stdout.contains("-[LEADS]-> init:utrecht-life-sciences"))
        #expect(before.stdout.contains("-[AFFILIATED_WITH]-> inst:utrecht-university"))

        let diff = try CLI.run(["diff", "--db", db, String(firstRemoval - 1), String(firstRemoval)])
        #expect(
            diff.lines == [
                "from seq \(firstRemoval - 1) to seq \(firstRemoval): 0 entities and 1 relationship differ",
                "- LEADS:person:peter-luijten->init:utrecht-life-sciences  LEADS person:peter-luijten->init:utrecht-life-sciences",
                "    role: \"vice dean of Life Sciences\" -> ∅",
            ])

        let stats = try json(try CLI.run(["stats", "--db", db, "--format", "json"]).stdout)
        let graph = try #require(stats["graph"] as? [String: Any])
        #expect(graph["entities"] as? Int == 178)
        #expect((graph["entities_by_kind"] as? [String: Int])?["Lab"] == 10)
        let early = try json(try CLI.run(["stats", "--db", db, "--format", "json", "--as-of", "5"]).stdout)
        #expect((early["graph"] as? [String: Any])?["entities"] as? Int == 3)  // seqs 2–4 create three institutions

        let missing = try CLI.run(["show", "--db", db, "lab:nowhere"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "kennis: error: no entity or relationship has the id 'lab:nowhere'\n")
        let future = try CLI.run(["show", "--db", db, "lab:imaging", "--as-of", "99999"])
        #expect(future.stderr.contains("past the head of the log"))
        #expect(try CLI.run(["show", "--db", db, "lab:imaging", "--as-of", "yesterday"]).status == 2)
    }

    @Test func theDatabaseComesFromKennisDBWhenNotGiven() throws {
        let dir = TemporaryDirectory()
        let db = dir.appending("env.db")
        let appended = try CLI.run(["append", #"{"type":"entity.created","id":"lab:x","kind":"Lab"}"#], environment: ["KENNIS_DB": db])
        #expect(appended.status == 0, "\(appended.stderr)")
        #expect(appended.stdout == "appended seq 1\n")
        let stdin = Data(
            "{\"type\":\"entity.updated\",\"id\":\"lab:x\",\"props\":{\"name\":\"X\"}}\n{\"type\":\"entity.retired\",\"id\":\"lab:x\"}\n"
                .utf8)
        let piped = try CLI.run(["append", "--actor", "steward"], input: stdin, environment: ["KENNIS_DB": db])
        #expect(piped.stdout == "appended 2 events: seq 2–3\n")
        let log = try CLI.run(["log", "--format", "jsonl"], environment: ["KENNIS_DB": db])
        #expect(try log.lines.map { try json($0)["actor"] as? String } == [nil, "steward", "steward"])
    }

    @Test func initRefusesAnExistingDatabaseAndReadsNeedOne() throws {
        let dir = TemporaryDirectory()
        let db = dir.appending("new.db")
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let again = try CLI.run(["init", "--db", db])
        #expect(again.status == 1)
        #expect(again.stderr == "kennis: error: a database already exists at \(db)\n")
        let missing = try CLI.run(["log", "--db", dir.appending("absent.db")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no Kennis database at"))
        let unknown = try CLI.run(["history", "--db", db, "person:nobody"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr == "kennis: error: no event touched 'person:nobody'\n")
    }

    /// The audit: who wrote what, by `log --actor` and `stats --by actor`, the actor from the file or
    /// from `--actor` for the events that name none.
    @Test func theAuditOfWhoWroteTheLog() throws {
        let dir = TemporaryDirectory()
        let db = dir.appending("audit.db")
        let events = [
            #"{"type":"entity.created","id":"p:1","kind":"Person","actor":"ann"}"#,
            #"{"type":"entity.created","id":"p:2","kind":"Person"}"#,
            #"{"type":"relation.added","rel":"KNOWS","from":"p:1","to":"p:2","actor":"ann"}"#,
            #"{"type":"entity.updated","id":"p:2","props":{"n":1},"actor":"bob"}"#,
        ]
        let file = dir.appending("events.jsonl")
        try events.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["import", "--db", db, "--actor", "importer", file]).status == 0)
        let ann = try CLI.run(["log", "--db", db, "--actor", "ann", "--format", "jsonl"])
        #expect(try ann.lines.map { try json($0)["seq"] as? Int } == [1, 3])
        let annAboutP2 = try CLI.run(["log", "--db", db, "--actor", "ann", "--entity", "p:2", "--format", "jsonl"])
        #expect(try annAboutP2.lines.map { try json($0)["seq"] as? Int } == [3])
        let stats = try CLI.run(["stats", "--db", db, "--by", "actor", "--format", "json"])
        let activity = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(activity.map { $0["actor"] as? String } == ["ann", "bob", "importer"])
        #expect(activity.map { $0["events"] as? Int } == [2, 1, 1])
        #expect((activity[0]["by_type"] as? [String: Int]) == ["entity.created": 1, "relation.added": 1])
        #expect(activity[1]["first_seq"] as? Int == 4 && activity[2]["last_seq"] as? Int == 2)
        let table = try CLI.run(["stats", "--db", db, "--by", "actor"])
        #expect(table.lines.count == 4 && table.lines[1].hasPrefix("ann "))
    }

    /// `kennis erase` on the shipped ecosystem: what it prints, what the log and the graph show after,
    /// what `verify` reports, and the refusals (no reason, an unknown id, a pseudonym, an appended erasure).
    @Test func anErasureOfAShippedPersonAndWhatVerifySays() throws {
        let dir = TemporaryDirectory()
        let db = dir.appending("eco.db")
        #expect(try importShipped(into: db).status == 0)
        let before = try CLI.run(["log", "--db", db, "--entity", "person:carl-moons", "--format", "jsonl"]).lines.count
        let erased = try CLI.run(["erase", "--db", db, "person:carl-moons", "--reason", "request 12", "--actor", "dpo"])
        #expect(erased.status == 0, "\(erased.stderr)")
        let pseudonym = try #require(erased.stdout.split(separator: " ").dropFirst(3).first.map(String.init))
        #expect(erased.stdout.hasPrefix("erased person:carl-moons as erased:") && erased.stdout.contains("\(before) events changed"))
        let history = try CLI.run(["log", "--db", db, "--entity", pseudonym, "--format", "jsonl"]).lines.map(json)
        #expect(history.count == before + 1)
        #expect(history.dropLast().allSatisfy { $0["erased_by"] as? Int == history.last?["seq"] as? Int })
        let own = history.filter { ($0["type"] as? String)?.hasPrefix("entity.") == true }
        #expect(own.count >= 2 && own.allSatisfy { $0["source"] == nil && $0["id"] as? String == pseudonym })
        #expect(history.last?["type"] as? String == "entity.erased" && history.last?["actor"] as? String == "dpo")
        #expect(try CLI.run(["log", "--db", db, "--entity", "person:carl-moons"]).lines.isEmpty)
        let shown = try CLI.run(["show", "--db", db, pseudonym])
        #expect(shown.status == 0 && shown.lines.contains { $0.hasPrefix("erased at seq ") && $0.hasSuffix("by dpo: request 12") })
        let query = try CLI.run(["query", "--db", db, "--format", "csv", "MATCH (p:Person {name: 'Carl Moons'}) RETURN count(*) AS n"])
        #expect(query.stdout == "n\r\n0\r\n")
        let verify = try CLI.run(["verify", "--db", db])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.lines.contains { $0.hasPrefix("ok: \(before) events erased by 1 erasure: seq ") })
        for (arguments, message) in [
            (["erase", "--db", db, "person:carl-moons", "--reason", "x"], "no entity 'person:carl-moons'"),
            (["erase", "--db", db, pseudonym, "--reason", "x"], "erased already"),
            (["erase", "--db", db, "lab:imaging", "--reason", " "], "reason: is required"),
        ] {
            let refused = try CLI.run(arguments)
            #expect(refused.status == 1 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
        }
        #expect(try CLI.run(["erase", "--db", db, "lab:imaging"]).status == 2)
        let scrubbed = try CLI.run(["scrub", "--db", db])
        #expect(scrubbed.status == 0 && scrubbed.stdout.hasPrefix("scrubbed: ") && scrubbed.stderr.isEmpty, "\(scrubbed.stderr)")
        #expect(try CLI.run(["scrub", "--db", db, "--patience", "-1"]).status == 2)
        let forged = try CLI.run(["append", "--db", db, #"{"type":"entity.erased","id":"lab:imaging"}"#])
        #expect(forged.status == 1 && forged.stderr.contains("written by an erasure"))
    }

    /// --source with --batch-size: every event gets the source, and the parts are committed one by one.
    @Test func aSourceGivenOnTheCommandLineWithParts() throws {
        let dir = TemporaryDirectory()
        let file = dir.appending("events.jsonl")
        let lines = [
            #"{"type":"entity.created","id":"p:1","kind":"Person"}"#,
            #"{"type":"entity.created","id":"p:2","kind":"Person","source":"https://own.example"}"#,
            #"{"type":"entity.created","id":"p:3","kind":"Person"}"#,
        ]
        try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let db = dir.appending("parts.db")
        let imported = try CLI.run(["import", "--db", db, "--source", "https://given.example", "--batch-size", "2", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.lines.prefix(2) == ["committed seq 1–2", "committed seq 3–3"])
        let log = try CLI.run(["log", "--db", db, "--format", "jsonl"])
        #expect(
            try log.lines.map { try json($0)["source"] as? String } == [
                "https://given.example", "https://own.example", "https://given.example",
            ])
    }

    @Test func usageErrorsExitWithTwo() throws {
        #expect(try CLI.run(["log", "--bogus"]).status == 2)
        #expect(try CLI.run(["frobnicate"]).status == 2)
        #expect(try CLI.run(["import"]).status == 2)
        #expect(try CLI.run(["log", "--since", "last tuesday"]).status == 2)
        #expect(try CLI.run(["log", "--type", "entity.exploded"]).status == 2)
        let help = try CLI.run(["import", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("all or nothing"))
    }

    /// The bad input files of the contract, by name (built in the test, so a failure report stays short).
    static func badInput(_ name: String) -> [UInt8] {
        switch name {
        case "malformed":
            Array("{\"type\":\"entity.created\",\"id\":\"a:1\",\"kind\":\"A\"}\n{\"type\":\"entity.created\",\"id\":\"a:2\"\n".utf8)
        case "seq given": Array(#"{"type":"entity.created","id":"a:1","kind":"A","seq":1}"#.utf8)
        case "nested object": Array(#"{"type":"entity.created","id":"a:1","kind":"A","props":{"o":{"p":1}}}"#.utf8)
        case "300-byte id": Array(#"{"type":"entity.created","id":"\#(String(repeating: "i", count: 300))","kind":"A"}"#.utf8)
        case "unknown type": Array(#"{"type":"entity.deleted","id":"a:1"}"#.utf8)
        case "empty file": []
        case "binary garbage": (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        default:  // "10 MB line"
            Array(
                (#"{"type":"entity.created","id":"a:1","kind":"A","props":{"b":""# + String(repeating: "z", count: 10 << 20) + "\"}}").utf8)
        }
    }

    /// Each bad input and a phrase its one-line error must hold.
    static let badInputs: [(String, String)] = [
        ("malformed", ":2:36: invalid JSON: unterminated object"),
        ("seq given", ":1: seq: is assigned by the log"),
        ("nested object", ":1: props.o: nested objects"),
        ("300-byte id", ":1: id: is 300 bytes long"),
        ("unknown type", ":1: type: unknown event type 'entity.deleted'"),
        ("empty file", ": holds no events"),
        ("binary garbage", ":1:"),
        ("10 MB line", ":1: the line is 10485824 bytes long"),
    ]

    @Test(arguments: badInputs)
    func badInputGivesOneLineAndWritesNothing(name: String, phrase: String) throws {
        let dir = TemporaryDirectory()
        let db = dir.appending("bad.db")
        let good = dir.appending("good.jsonl")
        try Data(#"{"type":"entity.created","id":"good:1","kind":"A"}"#.utf8).write(to: URL(fileURLWithPath: good))
        #expect(try CLI.run(["import", "--db", db, good]).status == 0)
        let file = dir.appending("\(name.replacingOccurrences(of: " ", with: "-")).jsonl")
        try Data(Self.badInput(name)).write(to: URL(fileURLWithPath: file))
        let more = dir.appending("more.jsonl")
        try Data(#"{"type":"entity.created","id":"good:2","kind":"A"}"#.utf8).write(to: URL(fileURLWithPath: more))
        let result = try CLI.run(["import", "--db", db, more, file])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("kennis: error: \(file)"), "\(result.stderr.prefix(300))")
        #expect(result.stderr.contains(phrase), "\(result.stderr.prefix(300))")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stdout.isEmpty)
        let verify = try CLI.run(["verify", "--db", db])
        #expect(verify.stdout.hasPrefix("ok: 1 event verified"))
    }

    @Test func verifyNamesTheFirstBadSeqOfATamperedLog() throws {
        let dir = TemporaryDirectory()
        let db = dir.appending("tampered.db")
        #expect(try importShipped(into: db).status == 0)
        do {
            let opened = try Database(path: db)
            let environment = opened.log.environment
            let events = try environment.database(named: "events")
            let key: [UInt8] = withUnsafeBytes(of: UInt64(42).bigEndian) { Array($0) }
            try environment.write { txn in
                var value = try txn.value(events, key: key)!
                value[value.count - 2] ^= 0x20
                try txn.put(events, key: key, value: value)
            }
        }
        let verify = try CLI.run(["verify", "--db", db])
        #expect(verify.status == 1)
        // The altered event may also break a rule when the graph is rebuilt: that is a warning before the error.
        #expect(
            verify.stderr.split(separator: "\n").last?.hasPrefix("kennis: error: verification failed at seq 42:") == true,
            "\(verify.stderr)")
    }
}
