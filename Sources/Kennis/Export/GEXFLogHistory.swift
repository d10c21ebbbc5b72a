// The elements of a dynamic GEXF document on the log's time: every node and relationship created by
// the view's seq, retired or removed ones too, each living from the seq that made it to the seq before
// the one that took it away (no end while it lives), and each property value from the seq that set it
// to the seq before the next version of its key (the view's seq while it is in force). The attributes
// of properties are dynamic — every value carries its interval, as networkx reads them — and the
// special ones (labels, type) static, in an attributes block of their own.
import EventLog
import Graph

struct GEXFLogHistory {
    let view: GraphView

    func write(to out: inout ExportOutput, _ emit: ([UInt8]) throws -> Void) throws {
        var nodeKeys = ExportAttributes(keyCount: view.propertyKeyCount, prefix: "n")
        var edgeKeys = ExportAttributes(keyCount: view.propertyKeyCount, prefix: "e")
        for (node, _, _) in view.nodesEver {
            view.forEachPropertyVersion(of: node) { key, value, _ in if let value { nodeKeys.note(key, value, view) } }
        }
        for (relationship, _, _) in view.relationshipsEver {
            view.forEachPropertyVersion(of: relationship) { key, value, _ in if let value { edgeKeys.note(key, value, view) } }
        }
        for (keys, domain, special) in [(nodeKeys, "node", ":labels"), (edgeKeys, "edge", ":type")] {
            GEXFExport.declare(nil, for: domain, special: special, mode: "static", to: &out)
            Self.declareDynamic(keys, for: domain, to: &out)
        }
        let nodeValues = nodeKeys.writer(opening: { #"<attvalue for=""# + $0 + #"" value=""# }, closing: "")
        let edgeValues = edgeKeys.writer(opening: { #"<attvalue for=""# + $0 + #"" value=""# }, closing: "")
        let name = view.propertyKey("name")
        var versions = VersionEnds(keyCount: view.propertyKeyCount)
        out.raw("    <nodes>\n")
        for (node, created, retired) in view.nodesEver {
            var newestName: PropertyValue?
            view.forEachPropertyVersion(of: node) { key, value, _ in if key == name, newestName == nil { newestName = value } }
            GEXFExport.openNode(node, name: newestName, in: view, to: &out)
            GEXFElements.write((String(created), retired.map { String($0 - 1) }), to: &out)
            GEXFExport.openValues(special: ExportAttributes.labelsText(of: node, in: view), to: &out)
            versions.start(lastSeq: (retired ?? view.seq + 1) - 1)
            view.forEachPropertyVersion(of: node) { versions.write($0, $1, $2, with: nodeValues, to: &out) }
            out.raw("</attvalues></node>\n")
            try out.flushIfFull(to: emit)
        }
        out.raw("    </nodes>\n    <edges>\n")
        for (relationship, created, removed) in view.relationshipsEver {
            GEXFExport.openEdge(relationship, in: view, to: &out)
            GEXFElements.write((String(created), removed.map { String($0 - 1) }), to: &out)
            GEXFExport.openValues(special: view.type(of: relationship), to: &out)
            versions.start(lastSeq: (removed ?? view.seq + 1) - 1)
            view.forEachPropertyVersion(of: relationship) { versions.write($0, $1, $2, with: edgeValues, to: &out) }
            out.raw("</attvalues></edge>\n")
            try out.flushIfFull(to: emit)
        }
        out.raw("    </edges>\n")
    }

    /// A second `<attributes class="…" mode="dynamic">` with the properties.
    private static func declareDynamic(_ attributes: ExportAttributes, for domain: String, to out: inout ExportOutput) {
        out.raw(#"    <attributes class=""# + domain + #"" mode="dynamic">"# + "\n")
        for key in attributes.keys {
            out.raw(#"      <attribute id=""# + key.id + #"" title=""#)
            out.escaped(key.name)
            out.raw(#"" type=""# + key.type.rawValue + "\"/>\n")
        }
        out.raw("    </attributes>\n")
    }
}

/// The last seq of each property version of one element, found walking its versions newest first:
/// a version lasts until the seq before the next (newer) version of its key, the newest until the
/// element's last seq.
private struct VersionEnds {
    /// By key index: the seq the newer version of the key took effect at; 0 while none was met.
    private var newerFrom: [UInt64]
    private var touched: [Int] = []
    private var lastSeq: UInt64 = 0

    init(keyCount: Int) { newerFrom = Array(repeating: 0, count: keyCount) }

    /// Starts on an element whose last seq (alive) is `lastSeq`.
    mutating func start(lastSeq: UInt64) {
        for index in touched { newerFrom[index] = 0 }
        touched.removeAll(keepingCapacity: true)
        self.lastSeq = lastSeq
    }

    /// Writes one version (newest first) as an attvalue with its interval; a removal writes nothing.
    mutating func write(
        _ key: PropertyKey, _ value: PropertyValue?, _ from: UInt64, with writer: ExportAttributeWriter, to out: inout ExportOutput
    ) {
        let end = newerFrom[key.index] == 0 ? lastSeq : newerFrom[key.index] - 1
        if newerFrom[key.index] == 0 { touched.append(key.index) }
        newerFrom[key.index] = from
        guard let value, from <= end else { return }
        writer.write(key, value, to: &out)
        out.raw(#"" start=""# + String(from) + #"" end=""# + String(end) + #""/>"#)
    }
}
