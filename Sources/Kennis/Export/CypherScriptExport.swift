// A graph view as a Cypher script that rebuilds it in Neo4j 5 or Memgraph (and in Kennis): an index on
// `@id` per kind, then the nodes, a statement per 500 of one label set (`UNWIND [rows] AS row CREATE
// (n:Lab:HealthAILab {`@id`: row.id}) SET n += row.props`), then the relationships, a statement per 500
// of one type between two kinds, each end found by its kind and `@id`. One statement a line, each
// ending in `;`. Values are Cypher literals: temporal values by their constructor (`date('2023-05-11')`).
import EventLog
import Graph

/// A graph view as a Cypher script.
public struct CypherScriptExport: GraphExport {
    let view: GraphView

    public init(view: GraphView) { self.view = view }

    /// Rows per statement: small enough for any server's transaction, large enough to be quick.
    static let rowsPerStatement = 500

    public func write(to emit: ([UInt8]) throws -> Void) throws {
        let layout = CSVLayout(of: view)
        var out = ExportOutput()
        out.raw("// The graph as Cypher: run it on an empty Neo4j 5 database (cypher-shell -f FILE), Memgraph, or Kennis.\n")
        out.raw("// Written by `kennis export --format cypher` at seq \(view.seq). `@id` is each element's Kennis id.\n")
        out.raw("// Memgraph: replace the CREATE INDEX lines with CREATE INDEX ON :Kind(`@id`);\n")
        for table in layout.nodeTables where table.kind != nil {
            out.raw("CREATE INDEX `kennis_\(table.name)_id` IF NOT EXISTS FOR (n:`\(table.name)`) ON (n.`@id`);\n")
        }
        try writeNodes(to: &out, emit)
        try writeRelationships(layout, to: &out, emit)
        try out.flush(to: emit)
    }

    /// The nodes, grouped by their labels (a CREATE names them all).
    private func writeNodes(to out: inout ExportOutput, _ emit: ([UInt8]) throws -> Void) throws {
        var groups: [String: Int] = [:]
        var batches: [CypherBatch] = []
        for node in view.nodes {
            let labels = view.labels(of: node).map { "`\($0)`" }.joined(separator: ":")
            let group =
                groups[labels]
                ?? {
                    groups[labels] = batches.count
                    let pattern = labels.isEmpty ? "(n {`@id`: row.id})" : "(n:\(labels) {`@id`: row.id})"
                    batches.append(CypherBatch(statement: " AS row CREATE \(pattern) SET n += row.props;"))
                    return batches.count - 1
                }()
            batches[group].row { row in
                row.member("id") { $0.string(view.id(of: node)) }
                row.member("props") { $0.map(view.properties(of: node)) }
            }
            try batches[group].flushIfFull(to: &out)
            try out.flushIfFull(to: emit)
        }
        for index in batches.indices { batches[index].flush(to: &out) }
    }

    /// The relationships, grouped by type and end kinds (the MATCH of each end names its kind).
    private func writeRelationships(_ layout: CSVLayout, to out: inout ExportOutput, _ emit: ([UInt8]) throws -> Void) throws {
        var batches = layout.relationshipFiles.map { file in
            let (from, to) = (layout.nodeTables.first { $0.name == file.from }!, layout.nodeTables.first { $0.name == file.to }!)
            return CypherBatch(
                statement:
                    " AS row MATCH (a\(Self.label(from)) {`@id`: row.from}), (b\(Self.label(to)) {`@id`: row.to}) CREATE (a)-[r:`\(file.type)` {`@id`: row.id}]->(b) SET r += row.props;"
            )
        }
        for relationship in view.relationships {
            let (start, end) = (view.start(of: relationship), view.end(of: relationship))
            let file = layout.relationshipFile(
                type: layout.relationshipType(view.type(of: relationship)), from: layout.nodeTable(of: start, in: view),
                to: layout.nodeTable(of: end, in: view))
            batches[file].row { row in
                row.member("from") { $0.string(view.id(of: start)) }
                row.member("to") { $0.string(view.id(of: end)) }
                row.member("id") { $0.string(view.id(of: relationship)) }
                row.member("props") { $0.map(view.properties(of: relationship)) }
            }
            try batches[file].flushIfFull(to: &out)
            try out.flushIfFull(to: emit)
        }
        for index in batches.indices { batches[index].flush(to: &out) }
    }

    /// `:Kind` for a table of one kind; nothing for the nodes without one.
    private static func label(_ table: CSVLayout.NodeTable) -> String { table.kind.map { ":`\($0)`" } ?? "" }
}

/// The rows of one statement being gathered: `UNWIND [` rows `]` and the statement's rest.
struct CypherBatch {
    let statement: String
    private var rows = CypherLiteral()
    private var count = 0

    init(statement: String) { self.statement = statement }

    /// Adds a row: a map whose members `body` writes.
    mutating func row(_ body: (inout CypherMapWriter) -> Void) {
        rows.raw(count == 0 ? "UNWIND [" : ", ")
        // The text moves into the writer and back, never copied: a statement's rows are appended to in place.
        var map = CypherMapWriter(literal: rows)
        rows = CypherLiteral()
        map.open()
        body(&map)
        map.close()
        rows = map.literal
        count += 1
    }

    mutating func flushIfFull(to out: inout ExportOutput) throws {
        if count >= CypherScriptExport.rowsPerStatement { flush(to: &out) }
    }

    mutating func flush(to out: inout ExportOutput) {
        guard count > 0 else { return }
        rows.raw("]" + statement)
        out.append(rows.bytes)
        out.raw("\n")
        rows = CypherLiteral()
        count = 0
    }
}

/// Writes the members of one map literal.
struct CypherMapWriter {
    var literal: CypherLiteral
    private var first = true

    init(literal: CypherLiteral) { self.literal = literal }

    mutating func open() { literal.raw("{") }
    mutating func close() { literal.raw("}") }

    mutating func member(_ key: String, _ value: (inout CypherLiteral) -> Void) {
        literal.raw((first ? "`" : ", `") + key + "`: ")
        first = false
        value(&literal)
    }
}

/// Cypher literal text, as bytes: strings quoted and escaped, numbers, booleans, lists, maps, temporal
/// values by their constructor.
struct CypherLiteral {
    var bytes: [UInt8] = []

    /// Appends text that needs no escape (names, punctuation).
    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// A string literal: runs of bytes that need no escape go in whole.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "'"))
        var value = value
        value.withUTF8 { utf8 in
            var plain = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index]))
                plain = index + 1
                switch byte {
                case UInt8(ascii: "'"): raw("\\'")
                case UInt8(ascii: "\\"): raw("\\\\")
                case 0x0A: raw("\\n")
                case 0x0D: raw("\\r")
                case 0x09: raw("\\t")
                default:
                    let hex = String(byte, radix: 16)
                    raw("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain...]))
        }
        bytes.append(UInt8(ascii: "'"))
    }

    mutating func value(_ value: PropertyValue) {
        switch value {
        case .string(let string): self.string(string)
        case .integer(let number): raw(String(number))
        case .float(let number):
            // Cypher has no literal for these: a conversion makes them.
            if number.isNaN || number.isInfinite {
                raw("toFloat('\(number.isNaN ? "NaN" : number < 0 ? "-Infinity" : "Infinity")')")
            } else {
                raw(String(number))
            }
        case .boolean(let flag): raw(flag ? "true" : "false")
        case .temporal(let temporal):
            raw(temporal.kind.rawValue + "(")
            string(temporal.iso8601)
            raw(")")
        case .list(let items):
            raw("[")
            for (index, item) in items.enumerated() {
                if index > 0 { raw(", ") }
                self.value(item)
            }
            raw("]")
        }
    }

    mutating func map(_ properties: Properties) {
        raw("{")
        for (index, property) in properties.enumerated() {
            raw((index == 0 ? "`" : ", `") + property.key + "`: ")
            value(property.value)
        }
        raw("}")
    }
}
