// JSON-LD 1.1 (json-ld.org), linked data for RDF stores and tools (rdflib, Jena, GraphDB): one document,
// its @context (JSONLDContext) mapping kinds, relation types and properties to schema.org where it has
// the term, its @graph a node object per entity — `@id` the entity's id under a base IRI, `@type` its
// labels, its properties as typed literals (dates as xsd:date, lists as @list), each relationship as a
// link to the other end (`schema:memberOf`) — and a statement per relationship (rdf:Statement: its
// subject, predicate and object, its properties and id), so that what a link cannot carry is there.
// Each element's sources (those of the events that made it what it is at the position, as Cypher's
// `sources()` gives them) are its `prov:wasDerivedFrom`. Written in pieces as it is made.
import EventLog
import Graph

/// A graph view as one JSON-LD document.
public struct JSONLDExport: GraphExport {
    let view: GraphView
    let base: String
    let sources: ElementSources

    /// The default base of entity IRIs: `urn:kennis:` then the id.
    public static let defaultBase = "urn:kennis:"

    /// Why `base` cannot be the base of entity IRIs (nil when it can): it must begin with a scheme
    /// (`https:`, `urn:`) and hold nothing an IRI cannot (space, control characters, `<>"{}|\^\``).
    public static func problem(withBase base: String) -> String? {
        guard let colon = base.firstIndex(of: ":"), let first = base.first, first.isASCII, first.isLetter,
            base[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return "the base must begin with a scheme, such as https: or urn: (\(base))" }
        if let bad = base.unicodeScalars.first(where: { $0.value <= 0x20 || $0.value == 0x7F || "<>\"{}|\\^`".unicodeScalars.contains($0) })
        {
            return "the base cannot hold \(bad.value <= 0x20 || bad.value == 0x7F ? "a space or control character" : "'\(bad)'") in an IRI"
        }
        return nil
    }

    public init(view: GraphView, base: String = JSONLDExport.defaultBase, sources: ElementSources = ElementSources()) {
        self.view = view
        self.base = base
        self.sources = sources
    }

    public func write(to emit: ([UInt8]) throws -> Void) throws {
        var json = JSONWriter(capacity: ExportOutput.pieceBytes + 4096)
        json.beginObject()
        json.key("@context")
        json.raw(Array(JSONLDContext.text().utf8))
        json.key("@graph")
        json.beginArray()
        for node in view.nodes {
            writeNode(node, to: &json)
            try flushIfFull(&json, to: emit)
        }
        var predicates = JSONLDContext.Predicates()
        for relationship in view.relationships {
            writeStatement(relationship, predicate: predicates.of(view.type(of: relationship)), to: &json)
            try flushIfFull(&json, to: emit)
        }
        json.endArray()
        json.endObject()
        json.endLine()
        try emit(json.bytes)
    }

    private func flushIfFull(_ json: inout JSONWriter, to emit: ([UInt8]) throws -> Void) throws {
        guard json.bytes.count >= ExportOutput.pieceBytes else { return }
        try emit(json.bytes)
        json.removeAll()
    }

    /// An entity: id, types, properties, links to the other end of each outgoing relationship, sources.
    private func writeNode(_ node: Node, to json: inout JSONWriter) {
        let id = view.id(of: node)
        json.beginObject()
        json.key("@id")
        json.string(iri(id))
        json.key("@type")
        json.strings(view.labels(of: node))
        for property in view.properties(of: node) {
            json.key(JSONLDContext.propertyKey(property.key))
            literal(property.value, to: &json)
        }
        var links: [String: [String]] = [:]
        for relationship in view.outgoing(node) {
            links[view.type(of: relationship), default: []].append(view.id(of: view.end(of: relationship)))
        }
        for (type, ends) in links.sorted(by: { $0.key < $1.key }) {
            json.key(JSONLDContext.relationKey(type))
            json.beginArray()
            for end in ends { reference(iri(end), to: &json) }
            json.endArray()
        }
        writeSources(of: id, to: &json)
        json.endObject()
    }

    /// A relationship as an rdf:Statement about the link its start node carries.
    private func writeStatement(_ relationship: Relationship, predicate: (iri: String, reversed: Bool), to json: inout JSONWriter) {
        let id = view.id(of: relationship)
        let type = view.type(of: relationship)
        var (subject, object) = (view.id(of: view.start(of: relationship)), view.id(of: view.end(of: relationship)))
        if predicate.reversed { swap(&subject, &object) }
        json.beginObject()
        json.key("@id")
        json.string(iri(id))
        json.key("@type")
        json.raw(Self.statementTypes)
        for (key, value) in [("rdf:subject", iri(subject)), ("rdf:predicate", predicate.iri), ("rdf:object", iri(object))] {
            json.key(key)
            reference(value, to: &json)
        }
        json.key("relationshipType")
        json.string(type)
        for property in view.properties(of: relationship) {
            json.key(JSONLDContext.propertyKey(property.key))
            literal(property.value, to: &json)
        }
        writeSources(of: id, to: &json)
        json.endObject()
    }

    private static let statementTypes = Array(#"["rdf:Statement","Relationship"]"#.utf8)

    private func writeSources(of id: String, to json: inout JSONWriter) {
        guard let sources = sources[id], !sources.isEmpty else { return }
        json.key("prov:wasDerivedFrom")
        json.beginArray()
        for source in sources {
            // A URL is a resource; a citation in words stays text.
            if source.hasPrefix("https://") || source.hasPrefix("http://") {
                reference(Self.escaped(source, keepingEscapes: true), to: &json)
            } else {
                json.string(source)
            }
        }
        json.endArray()
    }

    private func reference(_ iri: String, to json: inout JSONWriter) {
        json.beginObject()
        json.key("@id")
        json.string(iri)
        json.endObject()
    }

    /// A property value as a JSON-LD literal: numbers and booleans as JSON, strings as themselves,
    /// temporal values typed with their XML Schema datatype, a list as an ordered @list.
    private func literal(_ value: PropertyValue, to json: inout JSONWriter) {
        switch value {
        case .temporal(let temporal):
            json.beginObject()
            json.key("@value")
            json.string(temporal.iso8601)
            json.key("@type")
            json.string(Self.datatype(of: temporal))
            json.endObject()
        case .list(let items):
            json.beginObject()
            json.key("@list")
            json.beginArray()
            for item in items {
                if case .list = item { json.string(ExportAttributes.text(item, as: .string)) } else { literal(item, to: &json) }
            }
            json.endArray()
            json.endObject()
        default: json.value(value)
        }
    }

    private static func datatype(of temporal: TemporalValue) -> String {
        switch temporal {
        case .date: "xsd:date"
        case .localTime, .time: "xsd:time"
        case .localDateTime, .dateTime: "xsd:dateTime"
        case .duration: "xsd:duration"
        }
    }

    /// An id under the base, with what an IRI path cannot hold percent-encoded ("%", "?" and "#" too:
    /// an id is text, not an IRI).
    private func iri(_ id: String) -> String { base + Self.escaped(id, keepingEscapes: false) }

    /// `text` with every ASCII byte an IRI cannot hold as it is percent-encoded; a URL (`keepingEscapes`)
    /// keeps its "%" escapes, "?" and "#".
    static func escaped(_ text: String, keepingEscapes: Bool) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        let hex = Array("0123456789ABCDEF".utf8)
        let allowed = keepingEscapes ? Self.allowedInURLs : Self.allowedInIDs
        // Most ids need no escape: then the text is the IRI as it is.
        if text.utf8.allSatisfy({ $0 >= 0x80 || allowed[Int($0)] }) { return text }
        for byte in text.utf8 {
            if byte >= 0x80 || allowed[Int(byte)] {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ASCII bytes an IRI path may hold as they are (RFC 3987: unreserved, sub-delims, ":", "@", "/").
    private static let allowedInIDs = allowed("-._~!$&'()*+,;=:@/")
    private static let allowedInURLs = allowed("-._~!$&'()*+,;=:@/?#%")

    private static func allowed(_ punctuation: String) -> [Bool] {
        (0..<128).map { byte in
            let character = Character(Unicode.Scalar(UInt8(byte)))
            return (character.isASCII && (character.isLetter || character.isNumber)) || punctuation.contains(character)
        }
    }
}

/// The sources of each element (by id) at a position: those of the events that made it what it is
/// (ElementProvenance.sources), each once.
public struct ElementSources: Sendable {
    private var byID: [String: [String]] = [:]

    public init() {}

    mutating func add(_ source: String, to id: String) {
        if byID[id]?.contains(source) != true { byID[id, default: []].append(source) }
    }

    subscript(id: String) -> [String]? { byID[id] }
}
