// GraphML (graphml.graphdrawing.org), read by networkx, yEd, Cytoscape and Gephi: a graph view's nodes
// and relationships with every property as a typed attribute (`ExportAttributes`), each element's
// properties walked in place, the document handed out in pieces (`ExportOutput`) and never built whole.
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
        let nodeData = nodeKeys.writer(opening: { #"<data key=""# + $0 + #"">"# }, closing: "</data>")
        let edgeData = edgeKeys.writer(opening: { #"<data key=""# + $0 + #"">"# }, closing: "</data>")
        var out = ExportOutput()
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
            out.data("labels", text: ExportAttributes.labelsText(of: node, in: view))
            view.forEachProperty(of: node) { nodeData.write($0, $1, to: &out) }
            out.raw("</node>\n")
            try out.flushIfFull(to: emit)
        }
        for relationship in view.relationships {
            out.raw("    ")
            out.edge(relationship, of: view)
            out.raw(">")
            out.data("type", text: view.type(of: relationship))
            view.forEachProperty(of: relationship) { edgeData.write($0, $1, to: &out) }
            out.raw("</edge>\n")
            try out.flushIfFull(to: emit)
        }
        out.raw("  </graph>\n</graphml>\n")
        try out.flush(to: emit)
    }

    /// `<key …/>` for each attribute.
    private static func declare(_ attributes: ExportAttributes, for domain: String, to out: inout ExportOutput) {
        for key in attributes.keys {
            out.raw(#"  <key id=""# + key.id + #"" for=""# + domain + #"" attr.name=""#)
            out.escaped(key.name)
            out.raw(#"" attr.type=""# + key.type.rawValue + "\"/>\n")
        }
    }
}
