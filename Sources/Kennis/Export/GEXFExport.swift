// GEXF 1.3 (gexf.net), Gephi's format, read by networkx too: a graph view's nodes and relationships
// with every property as a typed attribute (`ExportAttributes`), the document handed out in pieces
// (`XMLOutput`) and never built whole. A node's `label` is its `name` (else its id), for Gephi to
// show; an edge's is its type. As in GraphML, labels are the attribute `:labels` and the type `:type`,
// so that every element has at least one attribute value.
import EventLog
import Graph

/// A graph view as one static GEXF 1.3 document.
public struct GEXFExport: GraphExport {
    let view: GraphView

    public init(view: GraphView) { self.view = view }

    /// Writes the document, a piece at a time, to `emit`.
    public func write(to emit: ([UInt8]) throws -> Void) throws {
        let nodeKeys = ExportAttributes(nodesOf: view, prefix: "n")
        let edgeKeys = ExportAttributes(relationshipsOf: view, prefix: "e")
        let nodeValues = nodeKeys.writer(opening: { #"<attvalue for=""# + $0 + #"" value=""# }, closing: #""/>"#)
        let edgeValues = edgeKeys.writer(opening: { #"<attvalue for=""# + $0 + #"" value=""# }, closing: #""/>"#)
        let name = view.propertyKey("name")
        var out = XMLOutput()
        out.raw(#"<?xml version="1.0" encoding="UTF-8"?>"# + "\n")
        out.raw(#"<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" "#)
        out.raw(#"xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">"# + "\n")
        out.raw("  <meta><creator>Kennis</creator></meta>\n")
        out.raw(#"  <graph defaultedgetype="directed" mode="static">"# + "\n")
        Self.declare(nodeKeys, for: "node", special: ":labels", to: &out)
        Self.declare(edgeKeys, for: "edge", special: ":type", to: &out)
        out.raw("    <nodes>\n")
        for node in view.nodes {
            out.raw(#"      <node id=""#)
            out.escaped(view.id(of: node))
            out.raw(#"" label=""#)
            if let name, case .string(let text)? = view.property(name, of: node) {
                out.escaped(text)
            } else {
                out.escaped(view.id(of: node))
            }
            out.raw(#""><attvalues><attvalue for="special" value=""#)
            out.escaped(ExportAttributes.labelsText(of: node, in: view))
            out.raw(#""/>"#)
            view.forEachProperty(of: node) { nodeValues.write($0, $1, to: &out) }
            out.raw("</attvalues></node>\n")
            try out.flushIfFull(to: emit)
        }
        out.raw("    </nodes>\n    <edges>\n")
        for relationship in view.relationships {
            let type = view.type(of: relationship)
            out.raw("      ")
            out.edge(relationship, of: view)
            out.raw(#" label=""#)
            out.escaped(type)
            out.raw(#""><attvalues><attvalue for="special" value=""#)
            out.escaped(type)
            out.raw(#""/>"#)
            view.forEachProperty(of: relationship) { edgeValues.write($0, $1, to: &out) }
            out.raw("</attvalues></edge>\n")
            try out.flushIfFull(to: emit)
        }
        out.raw("    </edges>\n  </graph>\n</gexf>\n")
        try out.flush(to: emit)
    }

    /// `<attributes class="…">` with the special attribute (id `special`) and each property's.
    private static func declare(_ attributes: ExportAttributes, for domain: String, special: String, to out: inout XMLOutput) {
        out.raw(#"    <attributes class=""# + domain + #"">"# + "\n")
        out.raw(#"      <attribute id="special" title=""# + special + #"" type="string"/>"# + "\n")
        for key in attributes.keys {
            out.raw(#"      <attribute id=""# + key.id + #"" title=""#)
            out.escaped(key.name)
            out.raw(#"" type=""# + key.type.rawValue + "\"/>\n")
        }
        out.raw("    </attributes>\n")
    }
}
