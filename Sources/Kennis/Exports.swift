// The facade's users (CLI, server, tests) see the event model and the graph through Kennis alone:
// events, batches, errors, log readers, graph views are part of its API.
@_exported public import EventLog
@_exported public import Graph
@_exported public import Query
