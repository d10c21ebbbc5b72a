// What was added since a time: entities whose creation was recorded at or after $since (an
// ISO 8601 date or date-time, UTC unless it says otherwise), oldest first, with when.
MATCH (n)
WHERE createdAt(n) >= datetime($since)
RETURN labels(n)[0] AS kind, id(n) AS id, n.name AS name, createdAt(n) AS recorded
ORDER BY createdSeq(n)
