// The property keys of one kind of element (nodes or relationships) in an export that declares its
// attributes before its elements (GraphML, GEXF): a first pass over the view finds each key and the
// one type all its values fit, narrowest first — long, double (integers and floats together),
// boolean, else string — and how a value is written as its attribute's text.
import EventLog
import Graph

/// The types an attribute's values can share, by the name GraphML and GEXF both give them.
enum ExportAttributeType: String {
    case long, double, boolean, string

    init(_ value: PropertyValue) {
        switch value {
        case .integer: self = .long
        case .float: self = .double
        case .boolean: self = .boolean
        case .string, .temporal, .list: self = .string
        }
    }

    /// The type both values fit: integers and floats are doubles; any other mix is text.
    func joined(with other: ExportAttributeType) -> ExportAttributeType {
        if self == other { return self }
        if Set([self, other]) == [.long, .double] { return .double }
        return .string
    }
}

/// The attributes of one kind of element, in order of first appearance.
struct ExportAttributes {
    /// Name, id (the prefix and a number), type.
    private(set) var keys: [(name: String, id: String, type: ExportAttributeType)] = []
    /// By property key index: the key's place in `keys`, -1 while no element has it.
    private var positions: [Int]
    /// What the attributes' ids start with.
    private let prefix: String

    /// No attributes yet: `note` adds them.
    init(keyCount: Int, prefix: String) {
        positions = Array(repeating: -1, count: keyCount)
        self.prefix = prefix
    }

    /// The attributes of the view's nodes.
    init(nodesOf view: GraphView, prefix: String) {
        self.init(keyCount: view.propertyKeyCount, prefix: prefix)
        for node in view.nodes { view.forEachProperty(of: node) { note($0, $1, view) } }
    }

    /// The attributes of the view's relationships.
    init(relationshipsOf view: GraphView, prefix: String) {
        self.init(keyCount: view.propertyKeyCount, prefix: prefix)
        for relationship in view.relationships { view.forEachProperty(of: relationship) { note($0, $1, view) } }
    }

    /// Adds a value of `key`: its attribute, or the type its attribute's values share widened.
    mutating func note(_ key: PropertyKey, _ value: PropertyValue, _ view: GraphView) {
        let type = ExportAttributeType(value)
        let position = positions[key.index]
        if position >= 0 {
            keys[position].type = keys[position].type.joined(with: type)
        } else {
            positions[key.index] = keys.count
            keys.append((view.name(of: key), "\(prefix)\(keys.count)", type))
        }
    }

    /// Where `key` is in `keys` (nil: no element of this kind has it).
    func position(of key: PropertyKey) -> Int? {
        let position = positions[key.index]
        return position >= 0 ? position : nil
    }

    /// A value as the text of an attribute of `type`: numbers and booleans as the formats read them
    /// (an integer of a double attribute as `1.0`), dates and times in ISO 8601, a list as JSON (its
    /// dates and times as ISO 8601 strings), a string as itself.
    static func text(_ value: PropertyValue, as type: ExportAttributeType) -> String {
        switch value {
        case .string(let text): text
        case .integer(let number): type == .double ? String(Double(number)) : String(number)
        case .float(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        case .temporal(let temporal): temporal.iso8601
        case .list(let items): listText(items)
        }
    }

    /// A node's labels as the `:labels` attribute gives them, in Neo4j's form: `:Lab:HealthAILab`.
    static func labelsText(of node: Node, in view: GraphView) -> String { view.labels(of: node).map { ":" + $0 }.joined() }

    private static func listText(_ items: [PropertyValue]) -> String {
        var json = JSONWriter()
        json.beginArray()
        for item in items {
            if case .temporal(let temporal) = item { json.string(temporal.iso8601) } else { json.value(item) }
        }
        json.endArray()
        return json.string
    }

    /// A writer of these attributes' values, each between `opening(id)` and `closing`.
    func writer(opening: (String) -> String, closing: String) -> ExportAttributeWriter {
        ExportAttributeWriter(attributes: self, openings: keys.map { Array(opening($0.id).utf8) }, closing: closing)
    }
}

/// Writes one element's property values as its format's attribute values: the markup before each
/// made once per attribute, the value escaped as text.
struct ExportAttributeWriter {
    let attributes: ExportAttributes
    let openings: [[UInt8]]
    let closing: String

    func write(_ key: PropertyKey, _ value: PropertyValue, to out: inout ExportOutput) {
        guard let position = attributes.position(of: key) else { return }
        out.append(openings[position])
        out.escaped(ExportAttributes.text(value, as: attributes.keys[position].type))
        out.raw(closing)
    }
}
