// What was added since a time: entities whose creation was recorded at or after $since (an
// RFC 3339 time), oldest first, with when.
MATCH (n)
WHERE createdAt(n) >= $since
RETURN labels(n)[0] AS kind, id(n) AS id, n.name AS name, createdAt(n) AS recorded
ORDER BY createdSeq(n)
