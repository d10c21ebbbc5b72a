// GEXF 1.3 (gexf.net), Gephi's format, read by networkx too: a graph view's nodes and relationships
// with every property as a typed attribute (`ExportAttributes`), the document handed out in pieces
// (`ExportOutput`) and never built whole. A node's `label` is its `name` (else its id), for Gephi to
// show; an edge's is its type. As in GraphML, labels are the attribute `:labels` and the type `:type`,
// so that every element has at least one attribute value.
//
// Dynamic, for Gephi's timeline: on the log's time (`timeline: .log`, times are seqs) every element
// created by the view's seq — retired ones too — lives from the seq that made it to the seq before the
// one that took it away, and each property value from the seq that set it to the seq before the next;
// on valid time (`.valid`, times are days) each element now lives the days its valid_from and
// valid_until say, a relationship only while its ends do too.
import EventLog
import Graph

/// A graph view as one GEXF 1.3 document, static or dynamic.
public struct GEXFExport: GraphExport {
    /// The time a dynamic document's spells are in.
    public enum Timeline: String, CaseIterable, Sendable {
        /// The log's: seqs.
        case log
        /// The world's: days of valid time.
        case valid
    }

    let view: GraphView
    let timeline: Timeline?

    public init(view: GraphView, timeline: Timeline? = nil) {
        self.view = view
        self.timeline = timeline
    }

    /// Writes the document, a piece at a time, to `emit`.
    public func write(to emit: ([UInt8]) throws -> Void) throws {
        var out = ExportOutput()
        out.raw(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n")
        out.raw(#"<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#)
        out.raw(#"xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"# + "\n")
        out.raw("  <meta><creator>Kennis</creator></meta>\n")
        switch timeline {
        case nil:
            out.raw(#"  <graph defaultedgetype="directed" mode="static">"# + "\n")
            try GEXFElements(view: view, spells: nil).write(to: &out, emit)
        case .valid:
            out.raw(#"  <graph defaultedgetype="directed" mode="dynamic" timeformat="date" timerepresentation="interval">"# + "\n")
            try GEXFElements(view: view, spells: GEXFValidDays(view: view)).write(to: &out, emit)
        case .log:
            out.raw(#"  <graph defaultedgetype="directed" mode="dynamic" timeformat="integer" timerepresentation="interval">"# + "\n")
            try GEXFLogHistory(view: view).write(to: &out, emit)
        }
        out.raw("  </graph>\n</gexf>\n")
        try out.flush(to: emit)
    }

    /// `<attributes class="…">` with the special attribute (id `special`) and, unless the properties
    /// are declared apart (`properties` nil), each property's.
    static func declare(_ attributes: ExportAttributes?, for domain: String, special: String, mode: String, to out: inout ExportOutput) {
        out.raw(#"    <attributes class=""# + domain + #"" mode=""# + mode + #"">"# + "\n")
        out.raw(#"      <attribute id="special" title=""# + special + #"" type="string"/>"# + "\n")
        for key in attributes?.keys ?? [] {
            out.raw(#"      <attribute id=""# + key.id + #"" title=""#)
            out.escaped(key.name)
            out.raw(#"" type=""# + key.type.rawValue + "\"/>\n")
        }
        out.raw("    </attributes>\n")
    }

    /// `<node id="…" label="…"` (the tag left open): the label is the name when it is a string.
    static func openNode(_ node: Node, name: PropertyValue?, in view: GraphView, to out: inout ExportOutput) {
        out.raw(#"      <node id=""#)
        out.escaped(view.id(of: node))
        out.raw(#"" label=""#)
        if case .string(let text)? = name { out.escaped(text) } else { out.escaped(view.id(of: node)) }
        out.raw("\"")
    }

    /// `<edge id="…" source="…" target="…" label="TYPE"` (the tag left open).
    static func openEdge(_ relationship: Relationship, in view: GraphView, to out: inout ExportOutput) {
        out.raw("      ")
        out.edge(relationship, of: view)
        out.raw(#" label=""#)
        out.escaped(view.type(of: relationship))
        out.raw("\"")
    }

    /// `><attvalues>` and the special value (labels or type), static.
    static func openValues(special: String, to out: inout ExportOutput) {
        out.raw(#"><attvalues><attvalue for="special" value=""#)
        out.escaped(special)
        out.raw(#""/>"#)
    }
}

/// Where a static or valid-time GEXF document's elements live: a node's or relationship's spell as the
/// attributes of its tag, or nil when it never lives.
protocol GEXFSpells {
    func spell(of node: Node) -> (start: String?, end: String?)?
    func spell(of relationship: Relationship) -> (start: String?, end: String?)?
}

/// The elements live at the view's seq, each property with its value now; with `spells`, each element
/// with the time it lives.
struct GEXFElements {
    let view: GraphView
    let spells: (any GEXFSpells)?

    func write(to out: inout ExportOutput, _ emit: ([UInt8]) throws -> Void) throws {
        let nodeKeys = ExportAttributes(nodesOf: view, prefix: "n")
        let edgeKeys = ExportAttributes(relationshipsOf: view, prefix: "e")
        let nodeValues = nodeKeys.writer(opening: { #"<attvalue for=""# + $0 + #"" value=""# }, closing: #""/>"#)
        let edgeValues = edgeKeys.writer(opening: { #"<attvalue for=""# + $0 + #"" value=""# }, closing: #""/>"#)
        let name = view.propertyKey("name")
        GEXFExport.declare(nodeKeys, for: "node", special: ":labels", mode: "static", to: &out)
        GEXFExport.declare(edgeKeys, for: "edge", special: ":type", mode: "static", to: &out)
        out.raw("    <nodes>\n")
        for node in view.nodes {
            guard let spell = spells.map({ $0.spell(of: node) }) ?? (nil, nil) else { continue }
            GEXFExport.openNode(node, name: name.flatMap { view.property($0, of: node) }, in: view, to: &out)
            Self.write(spell, to: &out)
            GEXFExport.openValues(special: ExportAttributes.labelsText(of: node, in: view), to: &out)
            view.forEachProperty(of: node) { nodeValues.write($0, $1, to: &out) }
            out.raw("</attvalues></node>\n")
            try out.flushIfFull(to: emit)
        }
        out.raw("    </nodes>\n    <edges>\n")
        for relationship in view.relationships {
            guard let spell = spells.map({ $0.spell(of: relationship) }) ?? (nil, nil) else { continue }
            GEXFExport.openEdge(relationship, in: view, to: &out)
            Self.write(spell, to: &out)
            GEXFExport.openValues(special: view.type(of: relationship), to: &out)
            view.forEachProperty(of: relationship) { edgeValues.write($0, $1, to: &out) }
            out.raw("</attvalues></edge>\n")
            try out.flushIfFull(to: emit)
        }
        out.raw("    </edges>\n")
    }

    static func write(_ spell: (start: String?, end: String?), to out: inout ExportOutput) {
        if let start = spell.start { out.raw(#" start=""# + start + "\"") }
        if let end = spell.end { out.raw(#" end=""# + end + "\"") }
    }
}

/// Spells in days of valid time: from the day of `valid_from` to the last day before `valid_until`
/// (inclusive, as GEXF's intervals are); a relationship's narrowed to its ends'.
struct GEXFValidDays: GEXFSpells {
    let view: GraphView
    let from: PropertyKey?
    let until: PropertyKey?

    init(view: GraphView) {
        self.view = view
        from = view.propertyKey(ValidInstant.fromKey)
        until = view.propertyKey(ValidInstant.untilKey)
    }

    func spell(of node: Node) -> (start: String?, end: String?)? {
        text(days(from.flatMap { view.property($0, of: node) }, until.flatMap { view.property($0, of: node) }))
    }

    func spell(of relationship: Relationship) -> (start: String?, end: String?)? {
        var (first, last) = days(
            from.flatMap { view.property($0, of: relationship) }, until.flatMap { view.property($0, of: relationship) })
        for end in [view.start(of: relationship), view.end(of: relationship)] {
            let (endFirst, endLast) = days(from.flatMap { view.property($0, of: end) }, until.flatMap { view.property($0, of: end) })
            if let endFirst { first = max(first ?? endFirst, endFirst) }
            if let endLast { last = min(last ?? endLast, endLast) }
        }
        return text((first, last))
    }

    /// The first and last day (epoch days) an element holds; nil for an open end.
    private func days(_ from: PropertyValue?, _ until: PropertyValue?) -> (Int64?, Int64?) {
        let start = Self.instant(from).map { Self.floorDiv($0.seconds, 86_400) }
        // The last day is the one before `until`'s instant: the day before it when it falls at midnight.
        let end = Self.instant(until).map { instant in
            let day = Self.floorDiv(instant.seconds, 86_400)
            return instant.nanosecond == 0 && day * 86_400 == instant.seconds ? day - 1 : day
        }
        return (start, end)
    }

    private func text(_ days: (Int64?, Int64?)) -> (start: String?, end: String?)? {
        if let first = days.0, let last = days.1, first > last { return nil }
        return (days.0.map { CalendarDate(epochDay: $0).iso8601 }, days.1.map { CalendarDate(epochDay: $0).iso8601 })
    }

    private static func instant(_ value: PropertyValue?) -> ValidInstant? {
        guard case .temporal(let temporal)? = value else { return nil }
        return ValidInstant(temporal)
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
