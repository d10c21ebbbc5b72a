// CSV files in the admin-import layout (CSVHeader) as one batch of ordinary events: an
// `entity.created` per node row (its first label the kind), then a `relation.added` per relationship
// row — every node file before every relationship file, whatever order they are named in, so that a
// relationship may join nodes of any file. What a row's own columns can show wrong is refused here,
// at its line and column: a wrong number of fields, a bad id, label or value, a duplicate id, an end
// that is neither in the files nor live in the database. The state rules (the schema, an id already
// used) are the log's, checked on append; `locate` puts their errors back at a line and column.
import EventLog
import Graph

/// One CSV file to import: its name (as errors give it) and bytes.
public struct CSVFile {
    public let name: String
    public let bytes: UnsafeRawBufferPointer

    public init(name: String, bytes: UnsafeRawBufferPointer) {
        self.name = name
        self.bytes = bytes
    }
}

/// Who recorded the rows and from where, for rows whose `@actor`, `@source`, `@note` columns are
/// absent or empty.
public struct EventProvenance: Sendable {
    public var actor: String?
    public var source: String?
    public var note: String?

    public init(actor: String? = nil, source: String? = nil, note: String? = nil) {
        self.actor = actor
        self.source = source
        self.note = note
    }
}

/// Turns CSV files into a batch of events.
struct CSVDecoder {
    let provenance: EventProvenance
    /// The database's graph the batch goes onto: an end may be a node live there.
    let base: GraphView

    /// Where each node id of the files was first given: (file index, line).
    private var nodeLines: [String: (file: Int, line: Int)] = [:]
    private var relationLines: [String: (file: Int, line: Int)] = [:]

    init(provenance: EventProvenance, liveNodesOf base: GraphView) {
        self.provenance = provenance
        self.base = base
    }

    /// The events of every file as one batch.
    mutating func decode(_ files: [CSVFile]) throws(CSVInputError) -> EventBatch {
        var batch = EventBatch()
        try decode(files) { batch.append(contentsOf: $0) }
        return batch
    }

    /// The events of every file, node files first, handed to `part` a few thousand at a time.
    mutating func decode(_ files: [CSVFile], part: (EventBatch) -> Void) throws(CSVInputError) {
        var headers: [(header: CSVHeader, reader: CSVReader)] = []
        for file in files {
            var reader = CSVReader(file: file.name, bytes: file.bytes)
            headers.append((try CSVHeader(&reader), reader))
        }
        var batch = EventBatch()
        for rows in [CSVHeader.Rows.nodes, .relationships] {
            for (index, (header, reader)) in headers.enumerated() where header.rows == rows {
                var reader = reader
                try decodeRows(of: &reader, header, file: index, into: &batch, part: part)
            }
        }
        if !batch.isEmpty { part(batch) }
    }

    /// Events handed over at a time: enough to keep the writer busy, few enough to start it early.
    static let partSize = 8192

    private mutating func decodeRows(
        of reader: inout CSVReader, _ header: CSVHeader, file: Int, into batch: inout EventBatch, part: (EventBatch) -> Void
    ) throws(CSVInputError) {
        var fields: [CSVField] = []
        var properties: [Property] = []
        while try reader.nextRow(into: &fields) {
            guard fields.count == header.texts.count else {
                let at = fields.count > header.texts.count ? fields[header.texts.count].start : fields.last!.end
                throw reader.error(at: at, "\(fields.count) fields, and the header has \(header.texts.count)")
            }
            let row = CSVRow(reader: reader, header: header, fields: fields)
            properties.removeAll(keepingCapacity: true)
            for column in header.properties {
                if let value = try row.value(of: column) { properties.append(Property(column.name, value)) }
            }
            let body =
                header.rows == .nodes
                ? try nodeBody(row, properties: Properties(distinctKeys: properties), file: file)
                : try relationshipBody(row, properties: Properties(distinctKeys: properties), file: file)
            let event = Event(
                body, actor: try row.text(header.actor) ?? provenance.actor, source: try row.text(header.source) ?? provenance.source,
                note: try row.text(header.note) ?? provenance.note)
            batch.append(event, from: EventLocation(file: reader.file, line: reader.line))
            if batch.count >= Self.partSize {
                part(batch)
                batch = EventBatch()
            }
        }
    }

    private mutating func nodeBody(_ row: CSVRow, properties: Properties, file: Int) throws(CSVInputError) -> EventBody {
        let id = try row.id(row.header.id!)
        if let first = nodeLines[id] {
            throw row.error(
                row.header.id!, "the id \(id) is given twice (first on line \(first.line)\(first.file == file ? "" : " of another file"))")
        }
        nodeLines[id] = (file, row.reader.line)
        let labels = try row.labels()
        return .entityCreated(id: id, kind: labels.first, properties: properties, labels: Array(labels.dropFirst()))
    }

    private mutating func relationshipBody(_ row: CSVRow, properties: Properties, file: Int) throws(CSVInputError) -> EventBody {
        let header = row.header
        let (from, to) = (try row.id(header.start!), try row.id(header.end!))
        for (end, column) in [(from, header.start!), (to, header.end!)] where nodeLines[end] == nil && base.node(id: end) == nil {
            throw row.error(column, "no node \(end) in the files or live in the database")
        }
        let type = try row.name(header.type!, what: "a relationship's type")
        var id: String?
        if try row.text(header.relationID) != nil { id = try row.id(header.relationID!) }
        let relationID = id ?? Event.defaultRelationID(type: type, from: from, to: to)
        if let first = relationLines[relationID] {
            let what =
                id == nil ? "the relationship \(relationID) (a second \(type) between the two, without an @id)" : "the id \(relationID)"
            throw row.error(
                header.relationID ?? header.type!,
                "\(what) is given twice (first on line \(first.line)\(first.file == file ? "" : " of another file"))")
        }
        relationLines[relationID] = (file, row.reader.line)
        return .relationAdded(id: relationID, type: type, from: from, to: to, properties: properties)
    }

    /// A state error of an event decoded from `file` (it names the line and the field), at the line
    /// and column of the field's CSV column; nil when the error cannot be placed there.
    static func locate(_ error: EventInputError, in file: CSVFile) -> CSVInputError? {
        guard let line = error.location?.line else { return nil }
        var reader = CSVReader(file: file.name, bytes: file.bytes)
        guard let header = try? CSVHeader(&reader) else { return nil }
        var fields: [CSVField] = []
        while (try? reader.nextRow(into: &fields)) == true {
            guard reader.line == line, fields.count == header.texts.count else { continue }
            let row = CSVRow(reader: reader, header: header, fields: fields)
            guard let column = header.column(of: error.field) else { return row.error(0, error.message) }
            return row.error(column, error.message)
        }
        return nil
    }
}
