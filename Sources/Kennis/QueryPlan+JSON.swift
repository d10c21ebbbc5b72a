// A query's plan as JSON, the same from the command line (`--explain --format json`) and in an
// answer over HTTP (`EXPLAIN`/`PROFILE`): docs/query.md, Plans.

public import EventLog
public import Query

extension QueryPlan {
    /// The steps, `[{"depth", "operation", "detail", "estimated_rows"?, "rows"?, "ms"?}]`: `rows` and `ms`
    /// where PROFILE measured them.
    public func writeSteps(into json: inout JSONWriter) {
        json.beginArray()
        for step in steps {
            json.beginObject()
            json.key("depth")
            json.integer(Int64(step.depth))
            json.key("operation")
            json.string(step.operation)
            json.key("detail")
            json.string(step.detail)
            if let rows = step.estimatedRows {
                json.key("estimated_rows")
                json.float(rows)
            }
            if let rows = step.rows {
                json.key("rows")
                json.integer(Int64(rows))
            }
            if let milliseconds = step.milliseconds {
                json.key("ms")
                json.float((milliseconds * 1000).rounded() / 1000)
            }
            json.endObject()
        }
        json.endArray()
    }
}
