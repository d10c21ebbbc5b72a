// GraphML (graphml.graphdrawing.org), read by networkx, yEd, Cytoscape and Gephi: a graph view's nodes
// and relationships with every property as a typed attribute. A first pass over the view finds each
// property key and the one GraphML type all its values fit (long, double, boolean, else string);
// the second writes the document (each element's properties walked in place, `forEachProperty`), handing it out in pieces so that it is never built whole.
// Each node carries its labels in `:labels` (Neo4j's `:Person:Lab` form) and each edge its type in
// `:type`: a property name is an identifier, so neither can collide with one.
import EventLog
import Graph

/// A graph view as one GraphML document.
public struct GraphMLExport {
    let view: GraphView

    /// The size of the pieces handed out.
    static let pieceBytes = 1 << 16

    public init(view: GraphView) { self.view = view }

    /// Writes the document, a piece at a time, to `emit`.
    public func write(to emit: ([UInt8]) throws -> Void) throws {
        var nodeKeys = AttributeKeys(prefix: "n", keyCount: view.propertyKeyCount)
        for node in view.nodes { view.forEachProperty(of: node) { nodeKeys.note($0, $1, view) } }
        var edgeKeys = AttributeKeys(prefix: "e", keyCount: view.propertyKeyCount)
        for relationship in view.relationships { view.forEachProperty(of: relationship) { edgeKeys.note($0, $1, view) } }
        var out = XMLOutput()
        out.raw(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n")
        out.raw(#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" "#)
        out.raw(#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#)
        out.raw(
            #"xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"# + "\n")
        out.raw(#"  <key id="labels" for="node" attr.name=":labels" attr.type="string"/>"# + "\n")
        nodeKeys.writeDeclarations(for: "node", to: &out)
        out.raw(#"  <key id="type" for="edge" attr.name=":type" attr.type="string"/>"# + "\n")
        edgeKeys.writeDeclarations(for: "edge", to: &out)
        out.raw(#"  <graph id="G" edgedefault="directed">"# + "\n")
        for node in view.nodes {
            out.raw(#"    <node id=""#)
            out.escaped(view.id(of: node))
            out.raw(#"">"#)
            out.data("labels", text: view.labels(of: node).map { ":" + $0 }.joined())
            view.forEachProperty(of: node) { nodeKeys.writeData($0, $1, to: &out) }
            out.raw("</node>\n")
            try out.flushIfFull(to: emit)
        }
        for relationship in view.relationships {
            out.raw(#"    <edge id=""#)
            out.escaped(view.id(of: relationship))
            out.raw(#"" source=""#)
            out.escaped(view.id(of: view.start(of: relationship)))
            out.raw(#"" target=""#)
            out.escaped(view.id(of: view.end(of: relationship)))
            out.raw(#"">"#)
            out.data("type", text: view.type(of: relationship))
            view.forEachProperty(of: relationship) { edgeKeys.writeData($0, $1, to: &out) }
            out.raw("</edge>\n")
            try out.flushIfFull(to: emit)
        }
        out.raw("  </graph>\n</graphml>\n")
        try out.flush(to: emit)
    }
}

/// The property keys of one kind of element (nodes or edges), each with its GraphML key id and type.
private struct AttributeKeys {
    /// The GraphML types a property's values can share, narrowest first.
    enum AttributeType: String {
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
        func joined(with other: AttributeType) -> AttributeType {
            if self == other { return self }
            if Set([self, other]) == [.long, .double] { return .double }
            return .string
        }
    }

    /// In order of first appearance: name, key id, type, and the `<data key="…">` that opens a value.
    private(set) var keys: [(name: String, id: String, type: AttributeType, opening: [UInt8])] = []
    /// By property key index: the key's place in `keys`, -1 while no element has it.
    private var positions: [Int]
    private let prefix: String

    init(prefix: String, keyCount: Int) {
        self.prefix = prefix
        positions = Array(repeating: -1, count: keyCount)
    }

    /// Notes that an element has `key` with `value`.
    mutating func note(_ key: PropertyKey, _ value: PropertyValue, _ view: GraphView) {
        let type = AttributeType(value)
        let position = positions[key.index]
        if position >= 0 {
            keys[position].type = keys[position].type.joined(with: type)
        } else {
            positions[key.index] = keys.count
            let id = "\(prefix)\(keys.count)"
            keys.append((view.name(of: key), id, type, Array(#"<data key=""#.utf8) + Array(id.utf8) + Array(#"">"#.utf8)))
        }
    }

    func writeDeclarations(for domain: String, to out: inout XMLOutput) {
        for key in keys {
            out.raw(#"  <key id=""# + key.id + #"" for=""# + domain + #"" attr.name=""#)
            out.escaped(key.name)
            out.raw(#"" attr.type=""# + key.type.rawValue + "\"/>\n")
        }
    }

    func writeData(_ key: PropertyKey, _ value: PropertyValue, to out: inout XMLOutput) {
        let position = positions[key.index]
        guard position >= 0 else { return }
        out.append(keys[position].opening)
        switch value {
        case .string(let text): out.escaped(text)
        case .integer(let number) where keys[position].type == .double: out.raw(String(Double(number)))
        default: out.escaped(Self.text(value))
        }
        out.raw("</data>")
    }

    /// A value as its attribute's text: numbers and booleans as GraphML reads them, dates and times
    /// in ISO 8601, a list as JSON (its dates and times as ISO 8601 strings).
    static func text(_ value: PropertyValue) -> String {
        switch value {
        case .string(let text): text
        case .integer(let number): String(number)
        case .float(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        case .temporal(let temporal): temporal.iso8601
        case .list(let items): listText(items)
        }
    }

    /// A list as JSON, its dates and times as their ISO 8601 strings.
    private static func listText(_ items: [PropertyValue]) -> String {
        var json = JSONWriter()
        json.beginArray()
        for item in items {
            if case .temporal(let temporal) = item { json.string(temporal.iso8601) } else { json.value(item) }
        }
        json.endArray()
        return json.string
    }
}

/// Bytes of XML on their way out: text escaped, and handed out in pieces of `GraphMLExport.pieceBytes`.
struct XMLOutput {
    private var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(GraphMLExport.pieceBytes + 4096) }

    mutating func raw(_ text: String) { bytes.append(contentsOf: text.utf8) }

    mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// `<data key="KEY">TEXT</data>`.
    mutating func data(_ key: String, text: String) {
        raw(#"<data key=""#)
        raw(key)
        raw(#"">"#)
        escaped(text)
        raw("</data>")
    }

    /// Text or an attribute value, escaped. Whitespace other than a space is written as a character
    /// reference, so that a reader's normalisation keeps it; a character XML 1.0 cannot carry at all
    /// (most control characters, U+FFFE, U+FFFF) becomes U+FFFD. Runs of plain bytes go in whole.
    mutating func escaped(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            var plain = 0
            var index = 0
            func replace(_ count: Int, with replacement: String) {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index]))
                bytes.append(contentsOf: replacement.utf8)
                index += count
                plain = index
            }
            while index < utf8.count {
                switch utf8[index] {
                case UInt8(ascii: "&"): replace(1, with: "&amp;")
                case UInt8(ascii: "<"): replace(1, with: "&lt;")
                case UInt8(ascii: ">"): replace(1, with: "&gt;")
                case UInt8(ascii: "\""): replace(1, with: "&quot;")
                case UInt8(ascii: "\t"): replace(1, with: "&#9;")
                case UInt8(ascii: "\n"): replace(1, with: "&#10;")
                case UInt8(ascii: "\r"): replace(1, with: "&#13;")
                case 0..<0x20: replace(1, with: "\u{FFFD}")
                case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF && utf8[index + 2] >= 0xBE:
                    replace(3, with: "\u{FFFD}")
                default: index += 1
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[plain..<index]))
        }
    }

    mutating func flushIfFull(to emit: ([UInt8]) throws -> Void) throws {
        if bytes.count >= GraphMLExport.pieceBytes { try flush(to: emit) }
    }

    mutating func flush(to emit: ([UInt8]) throws -> Void) throws {
        guard !bytes.isEmpty else { return }
        try emit(bytes)
        bytes.removeAll(keepingCapacity: true)
    }
}
