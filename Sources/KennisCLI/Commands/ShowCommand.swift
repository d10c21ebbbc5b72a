import ArgumentParser
import Kennis

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an entity (or relationship): its labels, properties and relationships.",
        discussion: """
            Shows the entity or relationship with the given id as the graph stands now, or --as-of a seq \
            or time. Fails if it is not live there (for a retired entity, the message says when it was \
            retired, so --as-of an earlier seq shows it). With --valid-at, shows it as the world was \
            then: it must have held at that valid time, and only the relationships that held are listed.

            Examples:
              kennis show lab:imaging
              kennis show person:peter-luijten --as-of 2026-01-01
              kennis show lab:imaging --valid-at 2024-06-01
            """
    )

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var asOf: AsOfOption
    @OptionGroup var validAt: ValidAtOption

    @Argument(help: ArgumentHelp("The entity or relationship id.", valueName: "id"))
    var id: String

    func run() throws {
        let db = try database.open()
        let logView: GraphView
        do { logView = try db.view(at: asOf.position) } catch { throw CommandFailure(oneLine(error)) }
        let view = logView.valid(at: validAt.instant)
        let provenance: ElementProvenance?
        do { provenance = try db.provenance(of: id, at: view.seq) } catch { throw CommandFailure(oneLine(error)) }
        var out = OutputBuffer(.standardOutput)
        if let node = view.node(id: id) {
            out.append("\(id)  \(view.labels(of: node).joined(separator: ":"))\n")
            out.append(
                "  created at seq \(view.createdSeq(of: node))\(at(view.createdAt(of: node))), "
                    + "last changed at seq \(view.updatedSeq(of: node))\(at(view.updatedAt(of: node))); view at seq \(view.seq)\n"
            )
            write(view.properties(of: node), provenance, to: &out)
            let outgoing = view.outgoing(node), incoming = view.incoming(node)
            if !outgoing.isEmpty || !incoming.isEmpty { out.append("relationships:\n") }
            for relationship in outgoing {
                out.append(
                    "  -[\(view.type(of: relationship))]-> \(view.id(of: view.end(of: relationship)))\(details(view, relationship))\n")
            }
            for relationship in incoming {
                out.append(
                    "  <-[\(view.type(of: relationship))]- \(view.id(of: view.start(of: relationship)))\(details(view, relationship))\n")
            }
        } else if let relationship = view.relationship(id: id) {
            out.append(
                "\(id)  \(view.id(of: view.start(of: relationship))) -[\(view.type(of: relationship))]-> \(view.id(of: view.end(of: relationship)))\n"
            )
            out.append(
                "  added at seq \(view.createdSeq(of: relationship))\(at(view.createdAt(of: relationship))), "
                    + "last changed at seq \(view.updatedSeq(of: relationship))\(at(view.updatedAt(of: relationship))); view at seq \(view.seq)\n"
            )
            write(view.properties(of: relationship), provenance, to: &out)
        } else if let bounds = validTime(logView, at: view) {
            throw CommandFailure("'\(id)' did not hold at that valid time (\(bounds))")
        } else {
            throw CommandFailure(view.whyAbsent(id))
        }
        out.flush()
    }

    /// Each property with the event that set it (`← seq N, source`), then the element's sources.
    private func write(_ properties: Properties, _ provenance: ElementProvenance?, to out: inout OutputBuffer) {
        for property in properties {
            let origin = provenance?.properties[property.key]
            let from = origin.map { "   ← seq \($0.seq)" + ($0.source.map { ", " + $0 } ?? ", no source") } ?? ""
            out.append("  \(property.key) = \(describe(property.value))\(from)\n")
        }
        guard let provenance else { return }
        let sources = provenance.sources
        out.append(sources.isEmpty ? "sources: none\n" : "sources:\n")
        for source in sources { out.append("  \(source)\n") }
        if let erasure = provenance.erasure {
            out.append("erased at seq \(erasure.seq)\(erasure.actor.map { " by " + $0 } ?? ""): \(erasure.reason)\n")
        }
    }

    /// The valid time of `id` as the log has it at this position, for when it did not hold at the one
    /// asked about; nil when it is not live at all.
    private func validTime(_ view: GraphView, at validView: GraphView) -> String? {
        let properties: Properties
        if let node = view.node(id: id) {
            properties = view.properties(of: node)
        } else if let relationship = view.relationship(id: id) {
            properties = view.properties(of: relationship)
            let (start, end) = (view.start(of: relationship), view.end(of: relationship))
            // Asked of the view at the valid time (the log's view holds everything at every valid time).
            if !validView.holdsAtValidTime(start) || !validView.holdsAtValidTime(end) { return "one of its ends did not hold then" }
        } else {
            return nil
        }
        let from = properties[ValidInstant.fromKey].map(describe) ?? "always",
            until = properties[ValidInstant.untilKey].map(describe) ?? "ever"
        return "valid from \(from) until \(until)"
    }

    private func at(_ time: Timestamp?) -> String { time.map { " (\($0.rfc3339))" } ?? "" }

    private func details(_ view: GraphView, _ relationship: Relationship) -> String {
        let properties = view.properties(of: relationship)
        guard !properties.isEmpty else { return "" }
        return "  {" + properties.map { "\($0.key): \(describe($0.value))" }.joined(separator: ", ") + "}"
    }
}
