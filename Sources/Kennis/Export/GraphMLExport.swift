// GraphML (graphml.graphdrawing.org), read by networkx, yEd, Cytoscape and Gephi: a graph view's nodes
// and relationships with every property as a typed attribute (`ExportAttributes`), each element's
// properties walked in place, the document handed out in pieces (`XMLOutput`) and never built whole.
// Each node carries its labels in `:labels` (Neo4j's `:Person:Lab` form) and each edge its type in
// `:type`: a property name is an identifier, so neither can collide with one.
import EventLog
import Graph

/// A graph view as one GraphML document.
public struct GraphMLExport: GraphExport {
    let view: GraphView

    public init(view: GraphView) { self.view = view }

    /// Writes the document, a piece at a time, to `emit`.
    public func write(to emit: ([UInt8]) throws -> Void) throws {
        let nodeKeys = ExportAttributes(nodesOf: view, prefix: "n")
        let edgeKeys = ExportAttributes(relationshipsOf: view, prefix: "e")
        let nodeOpenings = Self.openings(nodeKeys), edgeOpenings = Self.openings(edgeKeys)
        var out = XMLOutput()
        out.raw(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n")
        out.raw(#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" "#)
        out.raw(#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#)
        out.raw(
            #"xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"# + "\n")
        out.raw(#"  <key id="labels" for="node" attr.name=":labels" attr.type="string"/>"# + "\n")
        Self.declare(nodeKeys, for: "node", to: &out)
        out.raw(#"  <key id="type" for="edge" attr.name=":type" attr.type="string"/>"# + "\n")
        Self.declare(edgeKeys, for: "edge", to: &out)
        out.raw(#"  <graph id="G" edgedefault="directed">"# + "\n")
        for node in view.nodes {
            out.raw(#"    <node id=""#)
            out.escaped(view.id(of: node))
            out.raw(#"">"#)
            out.data("labels", text: view.labels(of: node).map { ":" + $0 }.joined())
            view.forEachProperty(of: node) { Self.data($0, $1, nodeKeys, nodeOpenings, to: &out) }
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
            view.forEachProperty(of: relationship) { Self.data($0, $1, edgeKeys, edgeOpenings, to: &out) }
            out.raw("</edge>\n")
            try out.flushIfFull(to: emit)
        }
        out.raw("  </graph>\n</graphml>\n")
        try out.flush(to: emit)
    }

    /// `<key …/>` for each attribute.
    private static func declare(_ attributes: ExportAttributes, for domain: String, to out: inout XMLOutput) {
        for key in attributes.keys {
            out.raw(#"  <key id=""# + key.id + #"" for=""# + domain + #"" attr.name=""#)
            out.escaped(key.name)
            out.raw(#"" attr.type=""# + key.type.rawValue + "\"/>\n")
        }
    }

    /// Each attribute's `<data key="…">`, made once.
    private static func openings(_ attributes: ExportAttributes) -> [[UInt8]] {
        attributes.keys.map { Array(#"<data key=""#.utf8) + Array($0.id.utf8) + Array(#"">"#.utf8) }
    }

    /// One property as `<data>`.
    private static func data(
        _ key: PropertyKey, _ value: PropertyValue, _ attributes: ExportAttributes, _ openings: [[UInt8]], to out: inout XMLOutput
    ) {
        guard let position = attributes.position(of: key) else { return }
        out.append(openings[position])
        if case .string(let text) = value {
            out.escaped(text)
        } else {
            out.escaped(ExportAttributes.text(value, as: attributes.keys[position].type))
        }
        out.raw("</data>")
    }
}
