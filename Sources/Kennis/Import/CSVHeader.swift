// The header row of a CSV file in the layout of Neo4j's admin import, as `kennis import --format csv`
// reads it: what each column holds — the node id (`:ID`, `name:ID`, `:ID(Space)`), the labels
// (`:LABEL`, the first one the kind), a relationship's ends and type (`:START_ID`, `:END_ID`, `:TYPE`),
// its id (`@id`), who recorded the row and from where (`@actor`, `@source`, `@note`), a typed property
// (`h_index:long`, `aliases:string[]`), or nothing (`:IGNORE`) — and whether the file holds nodes or
// relationships. Neo4j's id spaces are accepted and not needed: a Kennis id is unique across kinds.
import EventLog

/// The columns of one CSV file.
struct CSVHeader {
    /// What the file's rows are.
    enum Rows { case nodes, relationships }

    /// A typed property column.
    struct PropertyColumn {
        let column: Int
        let name: String
        let type: CSVColumnType
    }

    private(set) var rows: Rows
    /// Each column's header as written, for errors.
    let texts: [String]
    private(set) var id: Int?
    private(set) var labels: Int?
    private(set) var start: Int?
    private(set) var end: Int?
    private(set) var type: Int?
    private(set) var relationID: Int?
    private(set) var actor: Int?
    private(set) var source: Int?
    private(set) var note: Int?
    /// In the order an event's properties are kept (by name, UTF-8 order).
    private(set) var properties: [PropertyColumn] = []

    /// Reads the header row of `reader`'s file.
    init(_ reader: inout CSVReader) throws(CSVInputError) {
        var fields: [CSVField] = []
        guard try reader.nextRow(into: &fields) else {
            throw CSVInputError(
                file: reader.file, line: 1, column: 1, header: nil, message: "the file is empty: a CSV file starts with its header")
        }
        var texts: [String] = []
        for field in fields { texts.append(try reader.text(of: field)) }
        self.texts = texts
        rows = .nodes
        for (column, text) in texts.enumerated() {
            do throws(CSVHeaderProblem) {
                try read(text, column: column)
            } catch {
                throw reader.error(at: fields[column].start, error.message, column: text)
            }
        }
        let firstField = fields[0].start
        func problem(_ message: String) -> CSVInputError { reader.error(at: firstField, message) }
        switch (id != nil, start != nil || end != nil) {
        case (true, false):
            guard labels != nil else { throw problem("a node file needs a :LABEL column (its first label is the node's kind)") }
        case (false, true):
            guard start != nil, end != nil, type != nil else {
                throw problem("a relationship file needs :START_ID, :END_ID and :TYPE columns")
            }
            rows = .relationships
        case (true, true): throw problem("a file holds nodes (:ID) or relationships (:START_ID, :END_ID), not both")
        case (false, false): throw problem("no :ID column (a node file) and no :START_ID and :END_ID (a relationship file)")
        }
        if rows == .nodes, let relationID {
            throw reader.error(at: fields[relationID].start, "@id names a relationship's id: a node's is @id:ID")
        }
        // Property names are ASCII identifiers: String's order is their UTF-8 order.
        properties.sort { $0.name < $1.name }
    }

    /// The column an event's field came from (`id`, `from`, `to`, `rel`, `kind`, `labels[1]`,
    /// `props.name`), if it came from one.
    func column(of field: String?) -> Int? {
        guard let field else { return nil }
        switch field {
        case "id": return rows == .nodes ? id : relationID ?? type
        case "from": return start
        case "to": return end
        case "rel": return type
        case "kind": return labels
        default:
            if field.hasPrefix("labels") { return labels }
            guard field.hasPrefix("props.") else { return nil }
            let name = field.dropFirst("props.".count).prefix { $0 != "." && $0 != "[" }
            return properties.first { $0.name == name }?.column
        }
    }

    /// Takes one column's header.
    private mutating func read(_ text: String, column: Int) throws(CSVHeaderProblem) {
        let colon = text.firstIndex(of: ":")
        let name = String(text[..<(colon ?? text.endIndex)])
        let type = colon.map { String(text[text.index(after: $0)...]) }
        if let role = type.flatMap(Self.role) {
            try take(role, name: name, column: column)
            return
        }
        if let meta = Self.metaColumn(name) {
            guard type == nil || type!.lowercased() == "string" else { throw CSVHeaderProblem("\(name) is text: no type, or :string") }
            try take(meta, name: name, column: column)
            return
        }
        if name == "@id" && (type == nil || type!.lowercased() == "string") {
            try take(\.relationID, name: name, column: column)
            return
        }
        if type?.lowercased() == "ignore" { return }
        guard Names.isIdentifier(name) else {
            throw CSVHeaderProblem(
                name.isEmpty && type != nil
                    ? "unknown column type :\(type!) (:ID, :LABEL, :START_ID, :END_ID, :TYPE, :IGNORE)"
                    : "a property name is an identifier, [A-Za-z_][A-Za-z0-9_]*")
        }
        try addProperty(name, type: try Self.columnType(type ?? "string"), column: column)
    }

    private mutating func take(_ role: WritableKeyPath<CSVHeader, Int?>, name: String, column: Int) throws(CSVHeaderProblem) {
        guard self[keyPath: role] == nil else { throw CSVHeaderProblem("a second column for the same thing") }
        self[keyPath: role] = column
        // `personId:ID` keeps the id as a property too, as Neo4j does; `@id:ID` is the id alone.
        if role == \.id, !name.isEmpty, name != "@id" {
            guard Names.isIdentifier(name) else { throw CSVHeaderProblem("a property name is an identifier, [A-Za-z_][A-Za-z0-9_]*") }
            try addProperty(name, type: .string, column: column)
        }
    }

    private mutating func addProperty(_ name: String, type: CSVColumnType, column: Int) throws(CSVHeaderProblem) {
        guard !properties.contains(where: { $0.name == name }) else { throw CSVHeaderProblem("a second column for property \(name)") }
        properties.append(PropertyColumn(column: column, name: name, type: type))
    }

    /// The columns of who recorded a row and from where, by name.
    private static func metaColumn(_ name: String) -> WritableKeyPath<CSVHeader, Int?>? {
        switch name {
        case "@actor": \.actor
        case "@source": \.source
        case "@note": \.note
        default: nil
        }
    }

    /// The role a `:TYPE` part gives its column, if it is one of the admin import's (an id space in
    /// parentheses after an id is accepted).
    private static func role(_ type: String) -> WritableKeyPath<CSVHeader, Int?>? {
        let base = type.firstIndex(of: "(").map { String(type[..<$0]) } ?? type
        guard base == type || type.hasSuffix(")") else { return nil }
        switch base.uppercased() {
        case "ID": return \.id
        case "START_ID": return \.start
        case "END_ID": return \.end
        case "LABEL" where base == type: return \.labels
        case "TYPE" where base == type: return \.type
        default: return nil
        }
    }

    /// A property column's type by its name in the header: Neo4j's names, in any case.
    private static func columnType(_ text: String) throws(CSVHeaderProblem) -> CSVColumnType {
        let lowered = text.lowercased()
        let isArray = lowered.hasSuffix("[]")
        let scalarName = isArray ? String(lowered.dropLast(2)) : lowered
        let scalar: CSVColumnType.Scalar
        switch scalarName {
        case "int", "long", "short", "byte": scalar = .long
        case "float", "double": scalar = .double
        case "string", "char": scalar = .string
        case "point": throw CSVHeaderProblem("point values are not supported: Kennis has no spatial type")
        default:
            guard let known = CSVColumnType.Scalar(rawValue: scalarName) else {
                throw CSVHeaderProblem(
                    "unknown type \(text) (long, int, double, float, boolean, string, date, localtime, time, localdatetime, datetime, duration, or one of these with [])"
                )
            }
            scalar = known
        }
        return CSVColumnType(scalar: scalar, isArray: isArray)
    }
}

/// What is wrong with one column's header.
private struct CSVHeaderProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
