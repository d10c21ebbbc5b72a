// One row of a CSV file being imported: its fields read as what their columns say — an id, labels, a
// name, a typed value — each refusal naming the line, the column and its header. An empty unquoted
// field is no value; a quoted empty one is an empty string (or an empty list in an array column).
import EventLog

struct CSVRow {
    let reader: CSVReader
    let header: CSVHeader
    let fields: [CSVField]

    /// A refusal at `column`'s field.
    func error(_ column: Int, _ message: String) -> CSVInputError {
        reader.error(at: fields[column].start, message, column: header.texts[column])
    }

    /// The text of an optional column; nil when there is no such column or the field is empty.
    func text(_ column: Int?) throws(CSVInputError) -> String? {
        guard let column, fields[column].start < fields[column].end else { return nil }
        return try reader.text(of: fields[column])
    }

    /// An entity or relationship id.
    func id(_ column: Int) throws(CSVInputError) -> String {
        let id = try reader.text(of: fields[column])
        if let problem = Names.problem(withID: id) { throw error(column, "the id \(problem)") }
        return id
    }

    /// A name (a relationship type), an identifier.
    func name(_ column: Int, what: String) throws(CSVInputError) -> String {
        let name = try reader.text(of: fields[column])
        guard Names.isIdentifier(name) else {
            throw error(column, name.isEmpty ? "\(what) is required" : "\(what) is an identifier, [A-Za-z_][A-Za-z0-9_]*: \(name)")
        }
        return name
    }

    /// The node's labels, `;`-separated: the first is its kind.
    func labels() throws(CSVInputError) -> [String] {
        let column = header.labels!
        let text = try reader.text(of: fields[column])
        guard !text.isEmpty else { throw error(column, "a node needs a label: the first is its kind") }
        let labels = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        for (index, label) in labels.enumerated() {
            guard Names.isIdentifier(label) else { throw error(column, "a label is an identifier, [A-Za-z_][A-Za-z0-9_]*: \(label)") }
            guard !labels[..<index].contains(label) else { throw error(column, "the label \(label) is given twice") }
        }
        return labels
    }

    /// The value of a property column, nil when the field holds none.
    func value(of column: CSVHeader.PropertyColumn) throws(CSVInputError) -> PropertyValue? {
        let field = fields[column.column]
        let scalar = column.type.scalar ?? .string
        if field.start == field.end {
            guard field.quoted else { return nil }
            if column.type.isArray { return .list([]) }
            return scalar == .string ? .string("") : nil
        }
        let text = try reader.text(of: field)
        guard column.type.isArray else { return try value(text, scalar, column: column.column) }
        var items: [PropertyValue] = []
        for item in text.split(separator: ";", omittingEmptySubsequences: false) {
            items.append(try value(String(item), scalar, column: column.column, item: items.count + 1))
        }
        return .list(items)
    }

    private func value(_ text: String, _ scalar: CSVColumnType.Scalar, column: Int, item: Int? = nil) throws(CSVInputError) -> PropertyValue
    {
        func refuse(_ what: String) -> CSVInputError {
            error(column, (item.map { "item \($0): " } ?? "") + "not \(what): \(text.prefix(80))")
        }
        switch scalar {
        case .string: return .string(text)
        case .long:
            guard let number = Int64(text) else { throw refuse("an integer") }
            return .integer(number)
        case .double:
            guard let number = Double(text), !text.contains(where: { $0 == " " }) else { throw refuse("a number") }
            return .float(number)
        case .boolean:
            switch text.lowercased() {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default: throw refuse("a boolean (true or false)")
            }
        case .date, .localtime, .time, .localdatetime, .datetime, .duration:
            let kind = TemporalValue.Kind(rawValue: scalar.rawValue)!
            guard let value = TemporalValue(kind, iso8601: text) else { throw refuse("an ISO 8601 \(scalar.rawValue)") }
            return .temporal(value)
        }
    }
}
