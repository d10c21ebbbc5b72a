// The facade's users (CLI, server, tests) see the event model through Kennis alone: the events,
// batches, errors and readers of the log are part of its API.
@_exported public import EventLog
