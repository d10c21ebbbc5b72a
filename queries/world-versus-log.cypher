// What changed in the world in a period versus what changed in the log: the entities and
// relationships whose valid time began or ended between $from (inclusive) and $until (exclusive),
// ISO 8601 dates, each with when the log recorded it; then the entities the log recorded in that
// period, with when they began in the world. The shipped history happened years before it was recorded.
MATCH (x)
UNWIND [['began', validFrom(x)], ['ended', validUntil(x)]] AS change
WITH x, change
WHERE change[1] >= date($from) AND change[1] < date($until)
RETURN 'world' AS changed, change[0] AS how, x.name AS what, change[1] AS on, createdAt(x) AS recorded
UNION ALL
MATCH (a)-[x]->(b)
UNWIND [['began', validFrom(x)], ['ended', validUntil(x)]] AS change
WITH a, x, b, change
WHERE change[1] >= date($from) AND change[1] < date($until)
RETURN 'world' AS changed, change[0] AS how, a.name + ' ' + type(x) + ' ' + b.name AS what, change[1] AS on,
       createdAt(x) AS recorded
UNION ALL
MATCH (x)
WHERE createdAt(x) >= datetime($from) AND createdAt(x) < datetime($until)
RETURN 'log' AS changed, 'recorded' AS how, x.name AS what, validFrom(x) AS on, createdAt(x) AS recorded
