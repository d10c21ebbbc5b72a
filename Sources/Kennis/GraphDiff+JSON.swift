// A diff as JSON, the same from `kennis diff --format json` and `GET /diff`:
// {"from", "to", "entities": [change], "relationships": [change]}, each change
// {"change": "added"|"removed"|"changed", "id", "summary", "labels_before"?, "labels_after"?,
// "properties": {key: {"before", "after"}}}.
import EventLog
public import Graph

extension GraphDiff {
    /// The diff as one JSON object.
    public var json: String {
        var json = JSONWriter()
        json.beginObject()
        json.key("from")
        json.unsigned(from)
        json.key("to")
        json.unsigned(to)
        for (name, changes) in [("entities", entities), ("relationships", relationships)] {
            json.key(name)
            json.beginArray()
            for change in changes { json.change(change) }
            json.endArray()
        }
        json.endObject()
        return json.string
    }
}

extension JSONWriter {
    fileprivate mutating func change(_ change: GraphDiff.Change) {
        beginObject()
        key("change")
        string(change.kind.rawValue)
        key("id")
        string(change.id)
        key("summary")
        string(change.summary)
        if let labels = change.labels {
            key("labels_before")
            strings(labels.before)
            key("labels_after")
            strings(labels.after)
        }
        key("properties")
        beginObject()
        for property in change.properties {
            key(property.key)
            beginObject()
            key("before")
            value(property.before)
            key("after")
            value(property.after)
            endObject()
        }
        endObject()
        endObject()
    }
}
