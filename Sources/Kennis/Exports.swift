// The facade's vocabulary: the types of the modules beneath that an interface (the CLI, HTTP, Bolt, and
// what comes next) may name — each re-exported by name, so a door sees these and `Database`'s calls,
// and nothing else of the log's storage, the graph's internals or the query engine's machinery.

// Events as a steward writes and an auditor reads them; the log's reports.
@_exported public import struct EventLog.AppendReceipt
@_exported public import struct EventLog.CalendarDate
@_exported public import struct EventLog.CalendarDuration
@_exported public import struct EventLog.Digest
@_exported public import enum EventLog.ErasureRefusal
@_exported public import struct EventLog.Event
@_exported public import struct EventLog.EventBatch
@_exported public import struct EventLog.EventFilter
@_exported public import struct EventLog.EventInputError
@_exported public import enum EventLog.EventLogError
@_exported public import enum EventLog.EventType
// JSON as every door writes it (the same bytes from the CLI and HTTP).
@_exported public import struct EventLog.JSONMember
@_exported public import enum EventLog.JSONValue
@_exported public import struct EventLog.JSONWriter
@_exported public import struct EventLog.LocalDateTime
@_exported public import struct EventLog.LocalTime
@_exported public import struct EventLog.LogHead
@_exported public import struct EventLog.LogStatistics
@_exported public import struct EventLog.OffsetTime
@_exported public import struct EventLog.Properties
@_exported public import enum EventLog.PropertyValue
@_exported public import struct EventLog.RecordedEvent
@_exported public import struct EventLog.Schema
// Dates, times, date-times and durations, in queries and in the log.
@_exported public import enum EventLog.TemporalValue
@_exported public import enum EventLog.TemporalZone
@_exported public import class EventLog.TimeZoneRules
@_exported public import struct EventLog.Timestamp
@_exported public import struct EventLog.UTCOffset
@_exported public import struct EventLog.VerificationReport
@_exported public import struct EventLog.ZonedDateTime
// The graph as a reader sees it at one position, and what changed between two.
@_exported public import struct Graph.GraphDiff
@_exported public import struct Graph.GraphStatistics
@_exported public import struct Graph.GraphView
@_exported public import struct Graph.Node
@_exported public import struct Graph.Relationship
@_exported public import struct Graph.ValidInstant
// Cypher: a parsed statement, its values, limits, answers and errors, and the receiver of a streamed answer.
@_exported public import enum Query.Parser
@_exported public import struct Query.Path
@_exported public import struct Query.QueryError
@_exported public import struct Query.QueryLimits
@_exported public import struct Query.QueryPlan
@_exported public import struct Query.QueryResult
@_exported public import protocol Query.RowReceiver
@_exported public import struct Query.Statement
@_exported public import enum Query.Value
@_exported public import struct Query.WriteStatistics
