// Exports of a graph view that need the log as well as the graph: JSON-LD gives each element the
// sources of the events that made it what it is, read from the log up to the view's position.
import EventLog
import Graph

extension Database {
    /// The export of `view` in `format` (GEXF: dynamic on `timeline` when given; JSON-LD: entities
    /// under `base`, with their sources).
    public func export(
        _ format: GraphExportFormat, of view: GraphView, timeline: GEXFExport.Timeline? = nil, base: String = JSONLDExport.defaultBase
    ) throws -> GraphExportFormat.Export {
        guard format == .jsonld else { return format.export(view, timeline: timeline) }
        return format.export(view, base: base, sources: try sources(upTo: view.seq))
    }

    /// The sources of every entity and relationship as of `seq` — those of the events that made each
    /// what it is then, as `sources()` gives them — from one pass over the log.
    public func sources(upTo seq: UInt64) throws -> ElementSources {
        var builders: [String: ProvenanceBuilder] = [:]
        try forEachEvent(matching: EventFilter()) { recorded in
            guard recorded.seq <= seq else { return false }
            // An element none of whose events so far had a source has none yet: a builder is kept only
            // from its first sourced event on (most of a large log may name no source).
            let id = recorded.event.id
            if recorded.event.source != nil || builders[id] != nil { builders[id, default: ProvenanceBuilder()].apply(recorded) }
            return true
        }
        var sources = ElementSources()
        for (id, builder) in builders {
            for source in builder.provenance?.sources ?? [] { sources.add(source, to: id) }
        }
        return sources
    }
}
