import Foundation
import TestSupport
import Testing

@testable import Kennis

/// `kennis import --format csv`: the admin-import layout read into events, all or nothing, every
/// refusal at its file, line, column and header; and the round trip from `kennis export --format csv`.
struct CSVImportTests {
    /// Writes `files` (name → text) into a new directory; returns it and the paths in the order given.
    private func write(_ files: [(String, String)]) throws -> (TemporaryDirectory, [String]) {
        let directory = TemporaryDirectory()
        let paths = files.map { directory.appending($0.0) }
        for ((_, text), path) in zip(files, paths) { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) }
        return (directory, paths)
    }

    private func importing(_ files: [(String, String)], into db: Database, provenance: EventProvenance = EventProvenance()) throws {
        let (directory, paths) = try write(files)
        try withExtendedLifetime(directory) { _ = try db.importCSV(paths, provenance: provenance) }
    }

    private func emptyDatabase() throws -> (TemporaryDirectory, Database) {
        let directory = TemporaryDirectory()
        return (directory, try Database(path: directory.appending("db"), create: true))
    }

    /// The graph as the sorted lines of its events export: equal lines, equal graphs.
    private func state(_ db: Database) throws -> [String] {
        guard case .document(let export) = GraphExportFormat.jsonl.export(try db.view()) else { return [] }
        var bytes: [UInt8] = []
        try export.write { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.contains("schema.defined") }
            .sorted()
    }

    /// Every value type, text that needs quoting, extra labels, parallel relationships with ids and
    /// one without: the same graph back. (What the layout cannot carry — a list with `;` in an item,
    /// integers and floats under one key of one kind — is in GraphExportTests.csvLayout.)
    @Test func exportThenImportGivesTheSameGraph() throws {
        let (_, source) = try emptyDatabase()
        let events = [
            #"{"type":"entity.created","id":"p:1","kind":"Person","labels":["Chair","Professor"],"props":{"name":"Ann, \"A\"\nsecond line","h":3,"score":1.5,"ok":true,"tags":["x","y z"],"none":[],"empty":""}}"#,
            #"{"type":"entity.created","id":"p:2","kind":"Person","props":{"name":"Bö 😀","h":4,"score":2.0,"born":{"date":"1970-01-02"},"at":{"datetime":"2024-03-01T10:00:00+01:00[Europe/Amsterdam]"}}}"#,
            #"{"type":"entity.created","id":"lab:x","kind":"Lab","props":{"name":" padded ","t":{"localtime":"10:30:00"},"o":{"time":"10:30:00+02:00"},"l":{"localdatetime":"2024-01-01T00:00:00"},"d":{"duration":"P1Y2M3DT4H"}}}"#,
            #"{"type":"relation.added","id":"m1","rel":"MEMBER_OF","from":"p:1","to":"lab:x","props":{"role":"chair","since":{"date":"2020-01-01"}}}"#,
            #"{"type":"relation.added","id":"m2","rel":"MEMBER_OF","from":"p:1","to":"lab:x","props":{"role":"second, parallel"}}"#,
            #"{"type":"relation.added","rel":"KNOWS","from":"p:1","to":"p:2"}"#,
        ]
        let (directory, paths) = try write([("events.jsonl", events.joined(separator: "\n"))])
        _ = try source.importEvents(from: [.file(paths[0])])
        guard case .files(let export) = GraphExportFormat.csv.export(try source.view()) else {
            Issue.record("csv is files")
            return
        }
        var files: [String: [UInt8]] = [:]
        try export.write { files[$0, default: []] += $1 }
        let csv = try files.filter { $0.key.hasSuffix(".csv") }.sorted { $0.key < $1.key }.map { name, bytes in
            let path = directory.appending(name)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        let (_, copy) = try emptyDatabase()
        let receipt = try copy.importCSV(csv, provenance: EventProvenance(source: "test"))
        #expect(receipt.count == 6)
        let original = try state(source)
        let copied = try state(copy)
        #expect(copied == original)
    }

    /// Each bad input is refused with its place and why, and nothing of the import is written.
    @Test(
        arguments: [
            (
                [("a.csv", "@id:ID,:LABEL,name,h:long\np:1,Person,Ann,3\np:2,Person,Bob\n")],
                "a.csv:3:15: 3 fields, and the header has 4"
            ),
            (
                [("a.csv", "@id:ID,:LABEL,name\np:1,Person,Ann\np:1,Person,Bob\n")],
                "a.csv:3:1: @id:ID: the id p:1 is given twice (first on line 2)"
            ),
            ([("a.csv", "@id:ID,:LABEL,h:long\np:1,Person,12x\n")], "a.csv:2:12: h:long: not an integer: 12x"),
            ([("a.csv", "@id:ID,:LABEL,h:long[]\np:1,Person,1;two\n")], "a.csv:2:12: h:long[]: item 2: not an integer: two"),
            ([("a.csv", "@id:ID,:LABEL,ok:boolean\np:1,Person,yes\n")], "a.csv:2:12: ok:boolean: not a boolean (true or false): yes"),
            ([("a.csv", "@id:ID,:LABEL,name\np:1,Person,\"Ann\np:2,Person,Bob\n")], "a.csv:2:12: the quoted field is not closed"),
            (
                [("a.csv", "@id:ID,:LABEL,name\np:1,Person,A\"nn\n")],
                "a.csv:2:13: a quote inside an unquoted field: quote the whole field and double the quote"
            ),
            ([("a.csv", "@id:ID,:LABEL,name\np:1,Person,\"Ann\"x\n")], "a.csv:2:17: text after the closing quote of a field"),
            ([("a.csv", "@id:ID,:LABEL,name\np:1,,Ann\n")], "a.csv:2:5: :LABEL: a node needs a label: the first is its kind"),
            (
                [("a.csv", "@id:ID,:LABEL,name\np:1,Person;bad-label,Ann\n")],
                "a.csv:2:5: :LABEL: a label is an identifier, [A-Za-z_][A-Za-z0-9_]*: bad-label"
            ),
            ([("a.csv", "@id:ID,:LABEL,bad-name\n")], "a.csv:1:15: bad-name: a property name is an identifier, [A-Za-z_][A-Za-z0-9_]*"),
            ([("a.csv", "@id:ID,:LABEL,p:point\n")], "a.csv:1:15: p:point: point values are not supported: Kennis has no spatial type"),
            (
                [("a.csv", "@id:ID,:LABEL,:WHAT\n")],
                "a.csv:1:15: :WHAT: unknown column type :WHAT (:ID, :LABEL, :START_ID, :END_ID, :TYPE, :IGNORE)"
            ),
            ([("a.csv", "name,h\nAnn,1\n")], "a.csv:1:1: no :ID column (a node file) and no :START_ID and :END_ID (a relationship file)"),
            ([("a.csv", "@id:ID,name\np:1,Ann\n")], "a.csv:1:1: a node file needs a :LABEL column (its first label is the node's kind)"),
            ([("a.csv", "")], "a.csv:1:1: the file is empty: a CSV file starts with its header"),
            (
                [("n.csv", "@id:ID,:LABEL\np:1,Person\n"), ("r.csv", ":START_ID,:END_ID,:TYPE\np:1,p:9,KNOWS\n")],
                "r.csv:2:5: :END_ID: no node p:9 in the files or live in the database"
            ),
            (
                [
                    ("n.csv", "@id:ID,:LABEL\np:1,Person\np:2,Person\n"),
                    ("r.csv", ":START_ID,:END_ID,:TYPE\np:1,p:2,KNOWS\np:1,p:2,KNOWS\n"),
                ],
                "r.csv:3:9: :TYPE: the relationship KNOWS:p:1->p:2 (a second KNOWS between the two, without an @id) is given twice (first on line 2)"
            ),
            ([("a.csv", "@id:ID,:LABEL,name\np:1,Person,A\u{FFFD}\n")], nil),
        ] as [([(String, String)], String?)])
    func badInputIsRefusedWhereItIs(files: [(String, String)], expected: String?) throws {
        let (_, db) = try emptyDatabase()
        guard let expected else {
            // The control case: the same shape with good text imports.
            try importing(files, into: db)
            #expect(db.head == 1)
            return
        }
        #expect(throws: (any Error).self) { try importing(files, into: db) }
        do {
            try importing(files, into: db)
        } catch {
            #expect("\(error)".hasSuffix("/" + expected))
        }
        #expect(db.head == 0)
    }

    /// Bytes that are not UTF-8, and a row past 1 MiB, are refused at their place.
    @Test func hostileBytes() throws {
        let (_, db) = try emptyDatabase()
        var bytes = Array("@id:ID,:LABEL,name\np:1,Person,A".utf8)
        bytes += [0xFF, 0x0A]
        let directory = TemporaryDirectory()
        let path = directory.appending("bad.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(throws: CSVInputError(file: path, line: 2, column: 12, header: nil, message: "the field is not valid UTF-8")) {
            _ = try db.decodeCSV([path], provenance: EventProvenance())
        }
        let huge = "@id:ID,:LABEL,name\np:1,Person,\"" + String(repeating: "x", count: CSVReader.maxRowBytes) + "\"\n"
        let (hugeDirectory, paths) = try write([("huge.csv", huge)])
        defer { withExtendedLifetime(hugeDirectory) {} }
        #expect(throws: (any Error).self) { _ = try db.decodeCSV(paths, provenance: EventProvenance()) }
        do {
            _ = try db.decodeCSV(paths, provenance: EventProvenance())
        } catch {
            #expect("\(error)".hasSuffix("huge.csv:2:1: the row is more than 1048576 bytes long"))
        }
    }

    /// A state rule broken by a row (an id already in the database) is reported at the row's column.
    @Test func stateErrorsNameTheRow() throws {
        let (_, db) = try emptyDatabase()
        try importing([("a.csv", "@id:ID,:LABEL\np:1,Person\n")], into: db)
        #expect(throws: (any Error).self) { try importing([("b.csv", "@id:ID,:LABEL\n\np:2,Person\np:1,Person\n")], into: db) }
        do {
            try importing([("b.csv", "@id:ID,:LABEL\n\np:2,Person\np:1,Person\n")], into: db)
        } catch {
            #expect("\(error)".hasSuffix("b.csv:4:1: @id:ID: entity 'p:1' already exists (created at seq 1)"))
        }
        #expect(db.head == 1)
    }

    /// What the header can say: a named id kept as a property, id spaces, ignored columns, who
    /// recorded a row and from where; CRLF, a byte order mark, blank lines and a field across lines.
    @Test func headerRolesAndLayout() throws {
        let (_, db) = try emptyDatabase()
        let nodes =
            "\u{FEFF}personId:ID(People),:LABEL,name,skip:IGNORE,@source\r\n1,Person,\"Ann\r\nB\",x,https://a.example\r\n\r\n2,Person;Chair,Bob,y,\r\n"
        let relationships = ":START_ID(People),:END_ID(People),:TYPE,@id,@note,w:double\n1,2,KNOWS,k1,met,2\n"
        try importing(
            [("r.csv", relationships), ("n.csv", nodes)], into: db,
            provenance: EventProvenance(actor: "steward", source: "https://default.example"))
        let view = try db.view()
        let ann = try #require(view.node(id: "1"))
        #expect(view.properties(of: ann) == Properties([("name", .string("Ann\r\nB")), ("personId", .string("1"))]))
        #expect(view.labels(of: try #require(view.node(id: "2"))) == ["Person", "Chair"])
        var events: [Event] = []
        try db.forEachEvent(matching: EventFilter()) {
            events.append($0.event)
            return true
        }
        #expect(events.map(\.source) == ["https://a.example", "https://default.example", "https://default.example"])
        #expect(events.map(\.actor) == ["steward", "steward", "steward"])
        #expect(events.map(\.note) == [nil, nil, "met"])
        guard case .relationAdded(let id, _, _, _, let properties) = events[2].body else {
            Issue.record("a relation")
            return
        }
        #expect(id == "k1" && properties == Properties([("w", .float(2))]))
    }
}
