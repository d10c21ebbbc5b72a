import Foundation
import TestSupport
import Testing

@testable import Kennis

/// The exports' text and pieces; tools/test-interchange reads whole exports back with networkx.
struct GraphExportTests {
    private func database(_ lines: [String]) throws -> (TemporaryDirectory, Database) {
        let directory = TemporaryDirectory()
        try lines.joined(separator: "\n").write(toFile: directory.appending("events.jsonl"), atomically: true, encoding: .utf8)
        let db = try Database(path: directory.appending("db"), create: true)
        if !lines.isEmpty { _ = try db.importEvents(from: [.file(directory.appending("events.jsonl"))]) }
        return (directory, db)
    }

    private func export(_ db: Database, _ format: GraphExportFormat = .graphml) throws -> (text: String, pieces: [Int]) {
        var bytes: [UInt8] = [], pieces: [Int] = []
        guard case .document(let document) = format.export(try db.view()) else { throw ExportTestFailure.notADocument }
        try document.write {
            pieces.append($0.count)
            bytes += $0
        }
        return (String(decoding: bytes, as: UTF8.self), pieces)
    }

    /// Each key gets the one type all its values fit; text is escaped, whitespace kept as references,
    /// what XML cannot carry replaced.
    @Test func typesAndEscaping() throws {
        let (_, db) = try database([
            #"{"type":"entity.created","id":"a","kind":"N","props":{"n":1,"x":1,"s":"a<b & \"c\"\u0007\n","when":{"date":"2024-02-29"}}}"#,
            #"{"type":"entity.created","id":"b","kind":"N","props":{"n":2,"x":2.5,"s":true,"l":[1,{"date":"2024-01-01"}]}}"#,
            #"{"type":"relation.added","rel":"R","from":"a","to":"b","props":{"w":true}}"#,
        ])
        let text = try export(db).text
        /// The id of the key declared for `name` with `type`, if it is declared so.
        func key(_ name: String, _ domain: String, _ type: String) -> String? {
            let declaration = try? Regex(
                #"<key id="([a-z0-9]+)" for=""# + domain + #"" attr.name=""# + name + #"" attr.type=""# + type + "\"/>")
            return declaration.flatMap { text.firstMatch(of: $0) }.map { String(text[$0.output[1].range!]) }
        }
        let (n, x, s, when, list) = (
            key("n", "node", "long"), key("x", "node", "double"), key("s", "node", "string"), key("when", "node", "string"),
            key("l", "node", "string")
        )
        #expect(n != nil && x != nil && s != nil && when != nil && list != nil)
        #expect(text.contains("<data key=\"\(x ?? "")\">1.0</data>"), "an integer of a double key is written as a double")
        #expect(text.contains("<data key=\"\(s ?? "")\">a&lt;b &amp; &quot;c&quot;\u{FFFD}&#10;</data>"))
        #expect(text.contains("<data key=\"\(s ?? "")\">true</data>") && text.contains("<data key=\"\(when ?? "")\">2024-02-29</data>"))
        #expect(text.contains("<data key=\"\(list ?? "")\">[1,&quot;2024-01-01&quot;]</data>"))
        let w = key("w", "edge", "boolean")
        #expect(
            text.contains(
                #"<edge id="R:a-&gt;b" source="a" target="b"><data key="type">R</data><data key=""# + (w ?? "") + #"">true</data></edge>"#))
    }

    /// A large graph leaves in pieces of about 64 KiB, never as one document.
    @Test func aLargeGraphLeavesInPieces() throws {
        let lines = (0..<5_000).map { #"{"type":"entity.created","id":"n:\#($0)","kind":"N","props":{"name":"node \#($0)"}}"# }
        let (_, db) = try database(lines)
        let (text, pieces) = try export(db)
        #expect(pieces.count > 3)
        #expect(pieces.dropLast().allSatisfy { $0 >= ExportOutput.pieceBytes && $0 < ExportOutput.pieceBytes + 1_024 })
        #expect(text.hasSuffix("  </graph>\n</graphml>\n") && text.components(separatedBy: "<node ").count == 5_001)
    }

    /// GEXF: a node is labelled by its name (else its id), an edge by its type; attributes declared
    /// per class with the labels and the type as the attribute `special`.
    @Test func gexfLabelsAndAttributes() throws {
        let (_, db) = try database([
            #"{"type":"entity.created","id":"lab:x","kind":"Lab","labels":["HealthAILab"],"props":{"name":"X & Y","size":3}}"#,
            #"{"type":"entity.created","id":"p:1","kind":"Person"}"#,
            #"{"type":"relation.added","rel":"MEMBER_OF","from":"p:1","to":"lab:x","props":{"since":{"date":"2023-05-11"}}}"#,
        ])
        let text = try export(db, .gexf).text
        #expect(text.contains(#"<gexf xmlns="http://gexf.net/1.3""#) && text.contains(#"<graph defaultedgetype="directed" mode="static">"#))
        #expect(text.contains(#"<attribute id="special" title=":labels" type="string"/>"#))
        #expect(text.contains(#"title="size" type="long"/>"#) && text.contains(#"title="since" type="string"/>"#))
        #expect(text.contains(#"<node id="lab:x" label="X &amp; Y"><attvalues><attvalue for="special" value=":Lab:HealthAILab"/>"#))
        #expect(text.contains(#"<node id="p:1" label="p:1"><attvalues><attvalue for="special" value=":Person"/></attvalues></node>"#))
        #expect(text.contains(#"<edge id="MEMBER_OF:p:1-&gt;lab:x" source="p:1" target="lab:x" label="MEMBER_OF">"#))
        #expect(text.contains(#"value="2023-05-11"/></attvalues></edge>"#) && text.hasSuffix("</edges>\n  </graph>\n</gexf>\n"))
    }

    /// Events: the schema in force, each node as it is now (a later update folded in, a retired one
    /// gone), each live relationship with its id.
    @Test func eventsAreTheShortestStreamOfTheStateNow() throws {
        let (_, db) = try database([
            #"{"type":"schema.defined","id":"schema:s","props":{"kinds":["Lab","Person"],"relations":[{"rel":"MEMBER_OF","from":["Person"],"to":["Lab"]}]}}"#,
            #"{"type":"entity.created","id":"lab:x","kind":"Lab","props":{"name":"X"}}"#,
            #"{"type":"entity.created","id":"p:1","kind":"Person","labels":["Chair"],"props":{"name":"A"}}"#,
            #"{"type":"entity.created","id":"p:2","kind":"Person"}"#,
            #"{"type":"entity.updated","id":"lab:x","props":{"name":"Lab X","opened":{"date":"2023-05-11"}}}"#,
            #"{"type":"relation.added","id":"m1","rel":"MEMBER_OF","from":"p:1","to":"lab:x","props":{"role":"chair"}}"#,
            #"{"type":"relation.added","rel":"MEMBER_OF","from":"p:2","to":"lab:x"}"#,
            #"{"type":"entity.retired","id":"p:2"}"#,
        ])
        let lines = try export(db, .jsonl).text.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                #"{"type":"schema.defined","id":"schema:s","props":{"kinds":["Lab","Person"],"relations":[{"rel":"MEMBER_OF","from":["Person"],"to":["Lab"]}]}}"#,
                #"{"type":"entity.created","id":"lab:x","kind":"Lab","props":{"name":"Lab X","opened":{"date":"2023-05-11"}}}"#,
                #"{"type":"entity.created","id":"p:1","kind":"Person","labels":["Chair"],"props":{"name":"A"}}"#,
                #"{"type":"relation.added","id":"m1","rel":"MEMBER_OF","from":"p:1","to":"lab:x","props":{"role":"chair"}}"#,
            ])
    }

    /// The files of a CSV export, each whole.
    private func files(_ db: Database) throws -> [String: String] {
        guard case .files(let export) = GraphExportFormat.csv.export(try db.view()) else { throw ExportTestFailure.notADocument }
        var files: [String: [UInt8]] = [:]
        try export.write { files[$0, default: []] += $1 }
        return files.mapValues { String(decoding: $0, as: UTF8.self) }
    }

    /// A file per kind and per relationship type and pair of end kinds, each header typed with the one
    /// type its values fit; fields quoted only where they must be, an empty string told from no value.
    @Test func csvLayout() throws {
        let (_, db) = try database([
            #"{"type":"entity.created","id":"p:1","kind":"Person","labels":["Chair"],"props":{"name":"Ann, \"A\"","n":1,"tags":["x","y"],"born":{"date":"1970-01-02"}}}"#,
            #"{"type":"entity.created","id":"p:2","kind":"Person","props":{"name":"","n":2.5,"tags":[],"mixed":[1,"a"],"semi":["a;b"]}}"#,
            #"{"type":"entity.created","id":"lab:x","kind":"Lab","props":{"name":"Line\nbreak","n":"text"}}"#,
            #"{"type":"entity.created","id":"i:y","kind":"Institution","props":{"name":"Y"}}"#,
            #"{"type":"relation.added","id":"m1","rel":"MEMBER_OF","from":"p:1","to":"lab:x","props":{"role":"chair"}}"#,
            #"{"type":"relation.added","rel":"MEMBER_OF","from":"p:2","to":"i:y","props":{"since":2020}}"#,
        ])
        let files = try files(db)
        #expect(
            Set(files.keys)
                == [
                    "nodes-Person.csv", "nodes-Lab.csv", "nodes-Institution.csv", "relationships-MEMBER_OF-Person-Lab.csv",
                    "relationships-MEMBER_OF-Person-Institution.csv", "kuzu-schema.cypher", "neo4j-admin-import.sh",
                ])
        #expect(
            files["nodes-Person.csv"]
                == [
                    "@id:ID,:LABEL,born:date,mixed:string,n:double,name:string,semi:string,tags:string[]",
                    #"p:1,Person;Chair,1970-01-02,,1.0,"Ann, ""A""",,x;y"#,
                    #"p:2,Person,,"[1,""a""]",2.5,"","[""a;b""]","""#, "",
                ].joined(separator: "\n"))
        #expect(files["nodes-Lab.csv"] == "@id:ID,:LABEL,n:string,name:string\nlab:x,Lab,text,\"Line\nbreak\"\n")
        // Every file of a type has the type's columns, in one order.
        #expect(
            files["relationships-MEMBER_OF-Person-Lab.csv"]
                == ":START_ID,:END_ID,:TYPE,@id,role:string,since:long\np:1,lab:x,MEMBER_OF,m1,chair,\n")
        #expect(
            files["relationships-MEMBER_OF-Person-Institution.csv"]
                == ":START_ID,:END_ID,:TYPE,@id,role:string,since:long\np:2,i:y,MEMBER_OF,MEMBER_OF:p:2->i:y,,2020\n")
        let kuzu = files["kuzu-schema.cypher"]!
        #expect(
            kuzu.contains(
                "CREATE NODE TABLE `Person`(`@id` STRING, `@labels` STRING, `born` DATE, `mixed` STRING, `n` DOUBLE, `name` STRING, `semi` STRING, `tags` STRING, PRIMARY KEY(`@id`));"
            ))
        #expect(
            kuzu.contains(
                "CREATE REL TABLE `MEMBER_OF`(FROM `Person` TO `Lab`, FROM `Person` TO `Institution`, `@type` STRING, `@id` STRING, `role` STRING, `since` INT64);"
            ))
        // Kùzu reads a file with a line break in a field only when told not to split it.
        #expect(kuzu.contains("COPY `Lab` FROM 'nodes-Lab.csv' (header=true, parallel=false);"))
        #expect(kuzu.contains("COPY `MEMBER_OF` FROM 'relationships-MEMBER_OF-Person-Lab.csv' (header=true, from='Person', to='Lab');"))
        let neo4j = files["neo4j-admin-import.sh"]!
        #expect(neo4j.contains("  --nodes=nodes-Person.csv \\\n"))
        #expect(neo4j.contains("  --relationships=relationships-MEMBER_OF-Person-Institution.csv \\\n"))
        #expect(neo4j.hasSuffix("--array-delimiter=';' --multiline-fields=true\n"))
    }
}

extension GraphExportTests {
    /// JSON-LD: ids under the base with what an IRI cannot hold escaped, schema.org terms, a reversed
    /// relation's statement the right way round, a property named like a context term kept apart,
    /// typed literals and sources.
    @Test func jsonLDTermsAndStatements() throws {
        let (_, db) = try database([
            #"{"type":"entity.created","id":"p 1","kind":"Person","props":{"name":"Ann","rdf":"x","born":{"date":"1970-01-02"}},"source":"https://a.example/x y"}"#,
            #"{"type":"entity.created","id":"g:1","kind":"Guideline","props":{"name":"G"}}"#,
            #"{"type":"relation.added","id":"a1","rel":"AUTHORED","from":"p 1","to":"g:1","props":{"phases":["a","b"]},"source":"the report, p. 3"}"#,
        ])
        guard case .document(let export) = try db.export(.jsonld, of: try db.view(), base: "https://e.org/") else {
            throw ExportTestFailure.notADocument
        }
        var bytes: [UInt8] = []
        try export.write { bytes += $0 }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let context = try #require(document["@context"] as? [String: Any])
        #expect(context["Person"] as? String == "schema:Person")
        #expect((context["AUTHORED"] as? [String: String]) == ["@reverse": "schema:author", "@type": "@id"])
        let graph = try #require(document["@graph"] as? [[String: Any]])
        let person = try #require(graph.first { $0["@id"] as? String == "https://e.org/p%201" })
        #expect(person["urn:kennis:vocab:rdf"] as? String == "x" && person["rdf"] == nil)
        #expect((person["born"] as? [String: String]) == ["@value": "1970-01-02", "@type": "xsd:date"])
        #expect((person["AUTHORED"] as? [[String: String]]) == [["@id": "https://e.org/g:1"]])
        #expect((person["prov:wasDerivedFrom"] as? [[String: String]]) == [["@id": "https://a.example/x%20y"]])
        let statement = try #require(graph.first { $0["@id"] as? String == "https://e.org/a1" })
        #expect((statement["rdf:subject"] as? [String: String]) == ["@id": "https://e.org/g:1"])
        #expect((statement["rdf:predicate"] as? [String: String]) == ["@id": "https://schema.org/author"])
        #expect((statement["rdf:object"] as? [String: String]) == ["@id": "https://e.org/p%201"])
        #expect((statement["phases"] as? [String: [String]]) == ["@list": ["a", "b"]])
        #expect((statement["prov:wasDerivedFrom"] as? [String]) == ["the report, p. 3"])
    }
}

extension GraphExportTests {
    /// The Cypher script, run statement by statement on an empty database (Kennis reads Cypher too),
    /// rebuilds the same graph: every value type and hostile text as literals, ids kept.
    @Test func theCypherScriptRebuildsTheGraph() throws {
        let events = [
            #"{"type":"entity.created","id":"p:'1'","kind":"Person","labels":["Chair"],"props":{"name":"O'Brien \\ \"x\"\n\u0007","n":3,"f":2.5,"ok":true,"l":["a",1],"d":{"date":"2020-01-01"},"t":{"localtime":"10:30"},"o":{"time":"10:30+02:00"},"ldt":{"localdatetime":"2020-01-01T10:00"},"z":{"datetime":"2024-03-01T10:00+01:00[Europe/Amsterdam]"},"dur":{"duration":"P1Y2DT3H"}}}"#,
            #"{"type":"entity.created","id":"lab:x","kind":"Lab","props":{}}"#,
            #"{"type":"relation.added","id":"m1","rel":"MEMBER_OF","from":"p:'1'","to":"lab:x","props":{"role":"chair"}}"#,
            #"{"type":"relation.added","rel":"MEMBER_OF","from":"lab:x","to":"p:'1'"}"#,
        ]
        let (_, source) = try database(events)
        let script = try export(source, .cypher).text
        let (_, copy) = try database([])
        for line in script.split(separator: "\n") where !line.hasPrefix("//") && !line.hasPrefix("CREATE INDEX") {
            try copy.write(String(line.dropLast()), actor: "test")
        }
        let original = try export(source, .jsonl).text, rebuilt = try export(copy, .jsonl).text
        #expect(Set(rebuilt.split(separator: "\n")) == Set(original.split(separator: "\n")))
        #expect(script.contains("CREATE INDEX `kennis_Person_id` IF NOT EXISTS FOR (n:`Person`) ON (n.`@id`);"))
    }
}

extension GraphExportTests {
    /// Valid-time spells are days: the last is the day before `valid_until` when it falls at midnight,
    /// its own day otherwise; a relationship's is narrowed to its ends', and left out when empty.
    /// Log-time spells end the seq before the element went; each value the seq before the next.
    @Test func dynamicSpells() throws {
        let (_, db) = try database([
            #"{"type":"entity.created","id":"a","kind":"N","props":{"valid_from":{"date":"2020-01-01"},"valid_until":{"datetime":"2020-03-01T00:00Z"}}}"#,
            #"{"type":"entity.created","id":"b","kind":"N","props":{"valid_until":{"datetime":"2020-03-01T12:00Z"},"n":1}}"#,
            #"{"type":"entity.created","id":"c","kind":"N","props":{"valid_from":{"date":"2021-01-01"}}}"#,
            #"{"type":"relation.added","id":"ab","rel":"R","from":"a","to":"b","props":{"valid_from":{"date":"2019-06-01"}}}"#,
            #"{"type":"relation.added","id":"ac","rel":"R","from":"a","to":"c"}"#,
            #"{"type":"entity.updated","id":"b","props":{"n":2}}"#,
            #"{"type":"relation.removed","id":"ab"}"#,
        ])
        let valid = try document(db, GEXFExport(view: db.view(), timeline: .valid))
        #expect(valid.contains(#"<node id="a" label="a" start="2020-01-01" end="2020-02-29">"#))
        #expect(valid.contains(#"<node id="b" label="b" end="2020-03-01">"#))
        #expect(valid.contains(#"id="ab""#) == false)  // removed by now
        #expect(valid.contains(#"id="ac""#) == false)  // a ends before c begins
        let log = try document(db, GEXFExport(view: db.view(), timeline: .log))
        #expect(log.contains(#"<edge id="ab" source="a" target="b" label="R" start="4" end="6">"#))
        #expect(log.contains(#"value="1" start="2" end="5"/>"#) && log.contains(#"value="2" start="6" end="7"/>"#))
    }

    private func document(_ db: Database, _ export: some GraphExport) throws -> String {
        var bytes: [UInt8] = []
        try export.write { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension GraphExportTests {
    /// A JSON-LD base is an IRI prefix: a scheme first, nothing an IRI cannot hold.
    @Test(arguments: [
        ("urn:kennis:", true), ("https://example.org/id/", true), ("tag:x.org,2026:", true),
        ("example.org/id/", false), (":x", false), ("1http://x/", false), ("https://e.org/a b/", false),
        ("https://e.org/<x>/", false), ("https://e.org/\u{7}", false), ("", false),
    ])
    func jsonLDBases(base: String, accepted: Bool) {
        #expect((JSONLDExport.problem(withBase: base) == nil) == accepted, "\(base)")
    }
}

extension GraphExportTests {
    /// JSON-LD's sources are sources(): an unsourced creation later updated from a source, a sourced
    /// value replaced without one, a property removed — each element's prov:wasDerivedFrom equals its
    /// provenance read through the history index.
    @Test func jsonLDSourcesAreTheElementsProvenance() throws {
        let (_, db) = try database([
            #"{"type":"entity.created","id":"a","kind":"N","props":{"x":1}}"#,
            #"{"type":"entity.updated","id":"a","props":{"y":2},"source":"https://s.example/1"}"#,
            #"{"type":"entity.created","id":"b","kind":"N","props":{"x":1},"source":"https://s.example/2"}"#,
            #"{"type":"entity.updated","id":"b","props":{"x":3}}"#,
            #"{"type":"entity.created","id":"c","kind":"N","props":{"x":1,"y":1},"source":"https://s.example/3"}"#,
            #"{"type":"entity.updated","id":"c","props":{"y":null},"source":"https://s.example/4"}"#,
            #"{"type":"entity.created","id":"d","kind":"N"}"#,
        ])
        guard case .document(let export) = try db.export(.jsonld, of: try db.view()) else { throw ExportTestFailure.notADocument }
        var bytes: [UInt8] = []
        try export.write { bytes += $0 }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let graph = try #require(document["@graph"] as? [[String: Any]])
        var found: [String: [String]] = [:]
        for element in graph {
            let id = String((element["@id"] as? String ?? "").dropFirst(JSONLDExport.defaultBase.count))
            found[id] = (element["prov:wasDerivedFrom"] as? [[String: String]] ?? []).compactMap { $0["@id"] }
        }
        for id in ["a", "b", "c", "d"] {
            #expect(found[id] == (try db.provenance(of: id, at: db.head)?.sources ?? []), "\(id)")
        }
        #expect(found["a"] == ["https://s.example/1"] && found["b"] == ["https://s.example/2"] && found["d"] == [])
        #expect(found["c"] == ["https://s.example/3"])
    }
}

private enum ExportTestFailure: Error { case notADocument }
