// A query answer as the bytes programs read, the same from the command line and from HTTP: JSON as
// docs/query.md's Results, JSON Lines (one object per row), CSV (strings and dates bare, other values
// as their JSON, RFC 4180 quoting and line ends).

public import EventLog
public import Query

extension QueryAnswer {
    /// `{"columns": […], "rows": [[…]], "seq": N, "elapsed_ms": x}`, for a write query
    /// `"stats": {"nodes_created": n, …, "first_seq": s, "last_seq": t}` (the seqs null when nothing was
    /// written), and for EXPLAIN and PROFILE `"plan": [steps]`.
    public func json(elapsedMilliseconds: Double) -> String {
        var json = JSONWriter(capacity: 1 << 12)
        json.beginObject()
        json.key("columns")
        json.strings(result.columns)
        json.key("rows")
        json.beginArray()
        for row in result.rows {
            json.beginArray()
            for value in row { json.value(value, in: view) }
            json.endArray()
        }
        json.endArray()
        json.key("seq")
        json.unsigned(view.seq)
        json.key("elapsed_ms")
        json.float((elapsedMilliseconds * 1000).rounded() / 1000)
        if let statistics = result.statistics {
            json.key("stats")
            json.json(statistics.json)
        }
        if let plan = result.plan {
            json.key("plan")
            plan.writeSteps(into: &json)
        }
        json.endObject()
        return json.string
    }

    /// One JSON object per row, keyed by column, each line ending in a newline.
    public func jsonLines() -> String {
        var out = ""
        for row in result.rows {
            var json = JSONWriter()
            json.beginObject()
            for (column, value) in zip(result.columns, row) {
                json.key(column)
                json.value(value, in: view)
            }
            json.endObject()
            out += json.string + "\n"
        }
        return out
    }

    /// A header line of the columns, then one line per row.
    public func csv() -> String {
        var lines = [result.columns.map(Self.quoted).joined(separator: ",")]
        for row in result.rows {
            lines.append(
                row.map { value in
                    switch value {
                    case .null: ""
                    case .string(let s): Self.quoted(s)
                    case .temporal(let value): Self.quoted(value.iso8601)
                    default: Self.quoted(jsonText(value))
                    }
                }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A value as JSON, elements read from this answer's view.
    public func jsonText(_ value: Value) -> String {
        var json = JSONWriter()
        json.value(value, in: view)
        return json.string
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}

extension WriteStatistics {
    /// The statistics as a JSON object: the counts by name, then `first_seq` and `last_seq`.
    public var json: JSONValue {
        var members = counts.map { JSONMember(key: $0.name, value: .integer(Int64($0.value))) }
        members.append(JSONMember(key: "first_seq", value: firstSeq.map { .integer(Int64($0)) } ?? .null))
        members.append(JSONMember(key: "last_seq", value: lastSeq.map { .integer(Int64($0)) } ?? .null))
        return .object(members)
    }
}
