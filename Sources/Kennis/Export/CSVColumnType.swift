// The type of a column in the CSV layout of Neo4j's admin import (`h_index:long`, `aliases:string[]`),
// which `kennis export --format csv` writes and `kennis import --format csv` reads: the one type every
// value of a property key fits in a file, narrowest first, and how a value is written as a field.
import EventLog

/// A column's type: one scalar type, or a list of it.
struct CSVColumnType: Hashable {
    /// The scalar types, by the names a header gives them.
    enum Scalar: String, CaseIterable {
        case long, double, boolean, string, date, localtime, time, localdatetime, datetime, duration

        init(_ kind: TemporalValue.Kind) {
            switch kind {
            case .date: self = .date
            case .localTime: self = .localtime
            case .time: self = .time
            case .localDateTime: self = .localdatetime
            case .dateTime: self = .datetime
            case .duration: self = .duration
            }
        }

        /// The type both fit as they are: integers and floats are doubles; nothing else mixes.
        func joined(with other: Scalar) -> Scalar? {
            if self == other { return self }
            if Set([self, other]) == [.long, .double] { return .double }
            return nil
        }
    }

    /// The items' type; nil for a list column that has held only empty lists so far.
    var scalar: Scalar?
    var isArray: Bool

    static let string = CSVColumnType(scalar: .string, isArray: false)

    /// The narrowest type of one value. A list joins its items' types; a list that cannot be an
    /// array column (nested, of mixed types, or with a `;` — the array delimiter — in a string) is
    /// text, its JSON.
    init(_ value: PropertyValue) {
        switch value {
        case .list(let items):
            var scalar: Scalar?
            for item in items {
                guard case let itemType = CSVColumnType(item), !itemType.isArray, let itemScalar = itemType.scalar,
                    scalar == nil || scalar!.joined(with: itemScalar) != nil
                else {
                    self = .string
                    return
                }
                if case .string(let text) = item, text.utf8.contains(UInt8(ascii: ";")) {
                    self = .string
                    return
                }
                scalar = scalar?.joined(with: itemScalar) ?? itemScalar
            }
            self.init(scalar: scalar, isArray: true)
        case .string: self = .string
        case .integer: self.init(scalar: .long, isArray: false)
        case .float: self.init(scalar: .double, isArray: false)
        case .boolean: self.init(scalar: .boolean, isArray: false)
        case .temporal(let temporal): self.init(scalar: Scalar(temporal.kind), isArray: false)
        }
    }

    init(scalar: Scalar?, isArray: Bool) {
        self.scalar = scalar
        self.isArray = isArray
    }

    /// The type both fit: integers and floats are doubles, lists join their items; any other mix is text.
    func joined(with other: CSVColumnType) -> CSVColumnType {
        guard isArray == other.isArray else { return .string }
        guard let mine = scalar else { return other }
        guard let theirs = other.scalar else { return self }
        guard let scalar = mine.joined(with: theirs) else { return .string }
        return CSVColumnType(scalar: scalar, isArray: isArray)
    }

    /// The type as a header gives it after the column's name: `long`, `string[]`.
    var headerText: String { (scalar ?? .string).rawValue + (isArray ? "[]" : "") }

    /// The type of Kùzu's column for it: what Kùzu reads from the field as it is written. Kùzu's lists
    /// are written `[a,b]`, not Neo4j's `a;b`, so an array column is text there, as are the temporal
    /// types other than a date.
    var kuzuType: String {
        guard !isArray else { return "STRING" }
        switch scalar {
        case .long: return "INT64"
        case .double: return "DOUBLE"
        case .boolean: return "BOOLEAN"
        case .date: return "DATE"
        default: return "STRING"
        }
    }

    /// A value of this column as its field's text (before quoting): numbers and booleans as themselves
    /// (an integer of a double column as `1.0`), temporal values in ISO 8601, an array's items joined
    /// by `;`, and anything in a text column as GraphML gives it (a list as JSON).
    func text(of value: PropertyValue) -> String {
        if isArray, case .list(let items) = value {
            let item = CSVColumnType(scalar: scalar, isArray: false)
            return items.map { item.text(of: $0) }.joined(separator: ";")
        }
        return ExportAttributes.text(value, as: scalar == .double ? .double : .string)
    }
}
