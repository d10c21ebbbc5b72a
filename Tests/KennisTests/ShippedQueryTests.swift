import Foundation
import TestSupport
import Testing

@testable import Kennis

/// The analysts' questions in `queries/` and the dashboards' projections in `queries/projections/`,
/// each run on the shipped ecosystem and checked against answers read off `events/` by hand.
@Suite(.serialized)
struct ShippedQueryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped events, imported once for the suite.
    static let database: (directory: TemporaryDirectory, db: Database) = {
        let directory = TemporaryDirectory()
        let db = try! Database(path: directory.appending("eco.db"), create: true)
        _ = try! db.importEvents(from: GraphIntegrationTests.shippedFiles)
        return (directory, db)
    }()

    static func text(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("queries/\(name).cypher"), encoding: .utf8)
    }

    /// The rows of a shipped query, each cell rendered as text (nodes by id, strings bare).
    private func rows(_ name: String, parameters: [String: Value] = [:], db: Database = Self.database.db) throws -> [[String]] {
        let answer = try db.query(try Self.text(name), parameters: parameters)
        return answer.result.rows.map { $0.map { cell($0, answer.view) } }
    }

    private func cell(_ value: Value, _ view: GraphView) -> String {
        switch value {
        case .null: "null"
        case .string(let s): s
        case .integer(let n): String(n)
        case .temporal(let t): t.iso8601
        case .list(let items): "[" + items.map { cell($0, view) }.joined(separator: ", ") + "]"
        case .node(let node): view.id(of: node)
        default: "\(value)"
        }
    }

    /// Every query the suite checks; a query added to `queries/` without a check fails the suite.
    static let checked: Set<String> = [
        "lab-people", "lab-hosts-and-programs", "people-in-several-labs", "people-across-institutions",
        "institution-partner-pairs", "institutions-by-partnerships", "project-collaborators", "shortest-path-between-people",
        "network-around-person", "project-funders", "tools-and-makers", "guideline-authors", "initiative-members", "leaders",
        "programs-by-host", "most-connected", "program-labs-before-the-timeline", "added-since",
        "ecosystem-on-a-date", "roles-that-ended", "world-versus-log",
        "projections/lab-overview", "projections/institution-partnerships", "projections/people-per-lab", "projections/sources",
    ]

    @Test func everyShippedQueryIsCheckedAndSaysWhatItAnswers() throws {
        var found = Set<String>()
        for directory in ["", "projections/"] {
            let url = Self.root.appendingPathComponent("queries/\(directory)")
            for file in try FileManager.default.contentsOfDirectory(atPath: url.path) where file.hasSuffix(".cypher") {
                let name = directory + String(file.dropLast(".cypher".count))
                found.insert(name)
                let text = try Self.text(name)
                #expect(text.hasPrefix("// "), "\(name) starts with a comment saying what it answers")
                if directory == "projections/" { #expect(text.hasPrefix("// description: "), "\(name) has a description") }
            }
        }
        #expect(found == Self.checked)
        #expect(found.count >= 21)
    }

    /// Every query file the README, the docs and the command's help name exists.
    @Test func everyQueryFileNamedExists() throws {
        let named = try Regex(#"queries/[a-z0-9/-]+\.cypher"#)
        var texts = ["README.md", "docs/query.md", "docs/data.md"]
        let commands = Self.root.appendingPathComponent("Sources/KennisCLI/Commands")
        texts += try FileManager.default.contentsOfDirectory(atPath: commands.path).map { "Sources/KennisCLI/Commands/\($0)" }
        var checked = 0
        for file in texts {
            let text = try String(contentsOf: Self.root.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: named) {
                checked += 1
                let path = String(text[match.range])
                #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(path).path), "\(file): \(path)")
            }
        }
        #expect(checked >= 5)
    }

    /// Provenance on the shipped events, read off events/ by hand: lab:imaging was created from the
    /// USP facilities page (10-organisations.jsonl:49) and dated by the UU news of the opening
    /// (30-timeline.jsonl:72); before that update, only the first page made it what it was.
    @Test func whereTheImagingLabsFactsComeFrom() throws {
        let db = Self.database.db
        let facilities = "https://www.uspfacilities.nl/facility/utrecht-ai-labs-health/"
        let news = "https://www.uu.nl/en/news/eight-new-ai-labs-open-at-utrecht-university"
        let now = try #require(try db.provenance(of: "lab:imaging", at: db.head))
        #expect(now.sources == [facilities, news])
        #expect(now.created.source == facilities && now.properties["name"]?.source == facilities)
        #expect(now.properties["valid_from"]?.source == news && now.properties["valid_from"]!.seq > now.created.seq)
        #expect(now.unsourced.isEmpty)
        let earlier = try #require(try db.provenance(of: "lab:imaging", at: now.properties["valid_from"]!.seq - 1))
        #expect(earlier.sources == [facilities] && earlier.properties["valid_from"] == nil)
        #expect(try db.provenance(of: "lab:imaging", at: now.created.seq - 1) == nil)
        // The same in Cypher, now and as of before the update.
        let query = "MATCH (l:Lab {`@id`: 'lab:imaging'}) RETURN sources(l), provenance(l).valid_from.source, provenance(l).name.seq"
        let view = try db.view()
        let answer = try db.query(query).result.rows.map { $0.map { cell($0, view) } }
        #expect(answer == [["[\(facilities), \(news)]", news, String(now.created.seq)]])
        let before = try db.query("AS OF \(now.created.seq) " + query).result.rows.map { $0.map { cell($0, view) } }
        #expect(before == [["[\(facilities)]", "null", String(now.created.seq)]])
    }

    /// The sources projection: every shipped fact has a source (ShippedDataTests), so no element is
    /// without one; each source counts the elements it made what they are, as their provenance says.
    @Test func factsPerSource() throws {
        let db = Self.database.db
        let rows = try rows("projections/sources")
        #expect(!rows.contains { $0[0] == "(no source)" })
        let view = try db.view()
        var entities: [String: Int] = [:]
        for node in view.nodes {
            for source in try db.provenance(of: view.id(of: node), at: view.seq)?.sources ?? [] { entities[source, default: 0] += 1 }
        }
        let fromProjection = Dictionary(uniqueKeysWithValues: rows.filter { $0[1] == "entities" }.map { ($0[0], Int($0[2])!) })
        // The USP facilities page is the source of five labs' own events in events/ (ai-methods,
        // healthy-living, imaging, living-technologies, molecular-medicine).
        #expect(fromProjection == entities && entities["https://www.uspfacilities.nl/facility/utrecht-ai-labs-health/"] == 5)
        #expect(rows.filter { $0[1] == "relationships" }.reduce(0) { $0 + Int($1[2])! } >= view.statistics().relationships)
    }

    @Test func whoWorksInOrWithEachLab() throws {
        let rows = try rows("lab-people")
        #expect(rows.contains(["RAIL Lab", "Marjan van den Akker", "[MEMBER_OF]"]))
        #expect(rows.contains(["RAIL Lab", "Mathijs de Weerdt", "[MEMBER_OF]"]))
        #expect(rows.contains(["AI Lab for Imaging & Image-Guided Interventions", "Nico van den Berg", "[COORDINATES]"]))
        #expect(rows.filter { $0[1] == "Carl Moons" }.count == 5)
        #expect(rows.map { [$0[0], $0[1]] } == rows.map { [$0[0], $0[1]] }.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(try self.rows("people-in-several-labs").map(\.[0]) == ["Carl Moons"])
        let hosts = try self.rows("lab-hosts-and-programs")
        #expect(hosts.count == 10)
        #expect(hosts.first { $0[0] == "RAIL Lab" } == ["RAIL Lab", "null", "[ROBUST]"])
        #expect(hosts.first { $0[0] == "AI Methods Lab" } == ["AI Methods Lab", "UMC Utrecht", "[Health AI Labs, Utrecht AI Labs]"])
    }

    @Test func whoBridgesInstitutionsAndWhichPartnerMost() throws {
        #expect(
            try rows("people-across-institutions") == [
                ["Carl Moons", "[Julius Center, UMC Utrecht]", "2"], ["Jos Malda", "[UMC Utrecht, Utrecht University]", "2"],
            ])
        let partners = try rows("institutions-by-partnerships")
        #expect(partners.prefix(2) == [["UMC Utrecht", "9"], ["Utrecht University", "3"]])
        let pairs = try rows("institution-partner-pairs")
        #expect(pairs.count == 10)
        #expect(pairs.contains(["MedxAI", "UMC Utrecht", "1", "[AI-APPROVE]"]))
        let matrix = try rows("projections/institution-partnerships")
        #expect(matrix.count == 12)
        #expect(matrix.contains(["inst:medxai", "inst:st-jansdal", "1"]))
        #expect(matrix.allSatisfy { $0[0] < $0[1] })
    }

    @Test func howPeopleConnect() throws {
        let path = try rows("shortest-path-between-people")
        #expect(path == [["2", "[Jos Malda, UMC Utrecht, Nico van den Berg]", "[AFFILIATED_WITH, AFFILIATED_WITH]"]])
        let network = try rows("network-around-person")
        #expect(network.contains(["Institution", "Julius Center", "1"]))
        #expect(network.contains(["Lab", "AI Methods Lab", "1"]))
        #expect(network.allSatisfy { $0[2] == "1" || $0[2] == "2" })
        #expect(!network.contains { $0[1] == "Carl Moons" })
        let collaborators = try rows("project-collaborators")
        #expect(collaborators.contains(["Carla van Gils", "Wouter Veldhuis", "[DENSE trial]", "1"]))
        #expect(collaborators.filter { $0[3] == "1" && $0[2] == "[IMPROVE seed project]" }.count == 6)
    }

    @Test func fundersToolsGuidelinesInitiativesAndLeaders() throws {
        let funders = try rows("project-funders")
        #expect(funders.contains(["DECIDE", "[NWA-ORC]"]))
        #expect(funders.contains(["IMPROVE", "[Horizon Europe]"]))
        let tools = try rows("tools-and-makers")
        #expect(tools.contains(["Sturgeon", "[Amsterdam UMC, Princess Máxima Center]"]))
        #expect(tools.contains(["ASReview", "[]"]))
        let guidelines = try rows("guideline-authors")
        #expect(guidelines.map(\.[1]) == ["AUTHORED", "CONTRIBUTED_TO"])
        #expect(guidelines[0][2].hasPrefix("[Carl Moons, "))
        let initiatives = try rows("initiative-members")
        #expect(initiatives.first == ["Regenerative Medicine Utrecht", "9", "3", "12"])
        let leaders = try rows("leaders")
        #expect(leaders.contains(["Initiative", "ROBUST", "Maarten de Rijke"]))
        #expect(leaders.count == 18)
        let hosts = try rows("programs-by-host")
        #expect(hosts.first?[0] == "UMC Utrecht" && hosts.first?[2] == "5")
        let connected = try rows("most-connected")
        #expect(connected.first == ["Institution", "UMC Utrecht", "46"])
        #expect(connected.count == 10)
    }

    @Test func projectionsForDashboards() throws {
        let overview = try rows("projections/lab-overview")
        #expect(overview.count == 10)
        #expect(overview.first { $0[0] == "lab:imaging" }?[2...] == ["UMC Utrecht", "[Health AI Labs, Utrecht AI Labs]", "2"])
        let sizes = try rows("projections/people-per-lab")
        #expect(sizes.prefix(3).map(\.[2]) == ["2", "2", "2"])
        #expect(sizes.last == ["lab:disc-ai", "AI-aided Knowledge Discovery Lab", "0"])
    }

    /// The timeline added five labs to Utrecht AI Labs: the program had 4 before it, 9 now; and the
    /// answer AS OF seq 357 equals the answer on a database holding only those 357 events.
    @Test func timeTravelEqualsReplayingThePrefix() throws {
        let before = try rows("program-labs-before-the-timeline")
        #expect(before.map { [$0[0], $0[2]] } == [["Health AI Labs", "5"], ["Utrecht AI Labs", "4"]])
        let body = try Self.text("program-labs-before-the-timeline").replacing("AS OF 357\n", with: "")
        let now = try Self.database.db.query(body).result.rows
        #expect(now.map { $0[2] }.map { "\($0)" } == ["\(Value.integer(5))", "\(Value.integer(9))"])

        let directory = TemporaryDirectory()
        let prefix = try Database(path: directory.appending("prefix.db"), create: true)
        _ = try prefix.importEvents(from: GraphIntegrationTests.shippedFiles.filter { !"\($0)".contains("30-timeline") })
        #expect(try prefix.log.head().seq == 357)
        let replayed = try prefix.query(body)
        #expect(replayed.result.rows.map { $0.map { cell($0, replayed.view) } } == before)
    }

    /// createdAt answers "what was added since": the timeline imported a moment after the rest gives
    /// exactly the eighteen entities the timeline creates.
    @Test func addedSinceATime() throws {
        let directory = TemporaryDirectory()
        let db = try Database(path: directory.appending("two-batches.db"), create: true)
        _ = try db.importEvents(from: GraphIntegrationTests.shippedFiles.filter { !"\($0)".contains("30-timeline") })
        usleep(5_000)
        let since = db.graph.head
        _ = try db.importEvents(from: GraphIntegrationTests.shippedFiles.filter { "\($0)".contains("30-timeline") })
        let first = try db.query(
            "MATCH ()-[r]->() WHERE createdSeq(r) > $seq RETURN min(createdAt(r))", parameters: ["seq": .integer(Int64(since))])
        guard case .temporal(.dateTime(let time)) = try #require(first.result.rows.first?.first) else {
            Issue.record("no time for the second batch")
            return
        }
        let added = try rows("added-since", parameters: ["since": .string(time.iso8601)], db: db)
        #expect(added.count == 18)
        #expect(try rows("added-since", parameters: ["since": .string("2000-01-01")], db: db).count == 178)
    }

    /// The world on two dates, read off events/ by hand: the labs opened on 2023-05-11, the Dutch AI
    /// Coalition held from 2019 into January 2025 and AIC4NL from January 2025; what the sources do
    /// not date holds on both. As the log stood before the timeline, the coalition had not ended.
    @Test func theEcosystemOnADate() throws {
        func names(_ rows: [[String]], _ kind: String) -> [String] { rows.filter { $0[0] == kind }.map(\.[1]) }
        let before = try rows("ecosystem-on-a-date", parameters: ["on": .string("2022-06-01")])
        #expect(names(before, "Lab") == ["AI & Sustainability Lab", "RAIL Lab"])
        #expect(before.contains(["Initiative", "Dutch AI Coalition", "2019-01-01", "[]"]))
        #expect(before.contains(["Initiative", "NL AIC healthcare working group", "2020-04-01", "[Dutch AI Coalition]"]))
        #expect(before.contains(["Program", "Utrecht AI Labs", "2019-01-01", "[Utrecht University]"]))
        #expect(!names(before, "Initiative").contains("AI Coalitie 4 NL"))
        #expect(!names(before, "Program").contains("UMC Utrecht data science program"))
        #expect(names(before, "Project").contains("IMPROVE seed project") && !names(before, "Project").contains("AI-APPROVE"))

        let after = try rows("ecosystem-on-a-date", parameters: ["on": .string("2025-06-01")])
        #expect(names(after, "Lab").count == 10)
        #expect(after.contains(["Initiative", "AI Coalitie 4 NL", "2025-01-01", "[]"]))
        #expect(!names(after, "Initiative").contains("Dutch AI Coalition") && !names(after, "Initiative").contains("AiNed"))
        #expect(after.contains(["Initiative", "NL AIC healthcare working group", "2020-04-01", "[]"]))
        #expect(
            after.contains([
                "Program", "Utrecht AI Labs", "2019-01-01", "[Department of Information and Computing Sciences, Utrecht University]",
            ]))

        let believed = try Self.database.db.query(
            "AS OF 357 " + (try Self.text("ecosystem-on-a-date")), parameters: ["on": .string("2025-06-01")])
        let believedNames = believed.result.rows.map { cell($0[1], believed.view) }
        #expect(believedNames.contains("Dutch AI Coalition") && !believedNames.contains("AI Coalitie 4 NL"))
    }

    /// What ended between mid-2024 and mid-2025: the Dutch AI Coalition, merged into AIC4NL in
    /// January 2025, and with it the ties of its founders and its working group; nothing after.
    @Test func rolesThatEnded() throws {
        let ended = try rows("roles-that-ended", parameters: ["then": .string("2024-06-01"), "now": .string("2025-06-01")])
        let founders = ["Ahold Delhaize", "IBM", "MKB-Nederland", "Ministry of EZK", "Philips", "TNO", "VNO-NCW"]
        #expect(
            ended
                == (founders.map { [$0, "FOUNDED", "Dutch AI Coalition", "2025-02-01"] }
                + [["NL AIC healthcare working group", "PART_OF", "Dutch AI Coalition", "2025-02-01"]]).sorted {
                    $0[0] < $1[0]
                })
        #expect(try rows("roles-that-ended", parameters: ["then": .string("2025-06-01"), "now": .string("2026-06-01")]).isEmpty)
    }

    /// The world of 2023 was recorded in the log years later, and the log's own changes in a period
    /// are the entities it recorded then, whatever their valid time.
    @Test func worldChangesVersusLogChanges() throws {
        let year2023 = try rows("world-versus-log", parameters: ["from": .string("2023-01-01"), "until": .string("2024-01-01")])
        #expect(year2023.count == 16 && year2023.allSatisfy { $0[0] == "world" && $0[1] == "began" })
        #expect(year2023.contains { $0[2] == "AI Methods Lab" && $0[3] == "2023-05-11" })
        #expect(year2023.contains { $0[2] == "IMPROVE FUNDED_BY Horizon Europe" && $0[3] == "2023-07-01" })
        #expect(year2023.allSatisfy { $0[4] > "2026" })

        let year2025 = try rows("world-versus-log", parameters: ["from": .string("2025-01-01"), "until": .string("2026-01-01")])
        #expect(
            Set(year2025.map { [$0[1], $0[2], $0[3]] }) == [
                ["began", "AI Coalitie 4 NL", "2025-01-01"], ["began", "Dutch AI Coalition MERGED_INTO AI Coalitie 4 NL", "2025-01-01"],
                ["began", "AiNed MERGED_INTO AI Coalitie 4 NL", "2025-01-01"], ["began", "DECIDE FUNDED_BY NWA-ORC", "2025-09-01"],
                ["ended", "Dutch AI Coalition", "2025-02-01"], ["ended", "AiNed", "2025-02-01"],
            ])

        let recorded = try rows("world-versus-log", parameters: ["from": .string("2000-01-01"), "until": .string("2100-01-01")])
        #expect(recorded.filter { $0[0] == "log" }.count == 178)
        let methods = try #require(recorded.first { $0[0] == "log" && $0[2] == "AI Methods Lab" })
        #expect(methods[1] == "recorded" && methods[3] == "2023-05-11" && methods[4] > "2026")
    }
}
