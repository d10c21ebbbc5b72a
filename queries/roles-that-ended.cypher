// Roles and ties that ended: relationships that held in the world on $then but no longer on $now
// (ISO 8601 dates) because their own valid time or an end's ran out, with the day it ran out. A role
// whose end the sources do not date is removed by a later event instead, without inventing a date:
// `kennis diff FROM TO` between two log positions lists those.
MATCH (a)-[r]->(b)
WITH a, r, b, date($then) AS heldOn, date($now) AS endedBy
WHERE isValidAt(r, heldOn) AND isValidAt(a, heldOn) AND isValidAt(b, heldOn)
  AND NOT (isValidAt(r, endedBy) AND isValidAt(a, endedBy) AND isValidAt(b, endedBy))
WITH a, r, b, [t IN [validUntil(r), validUntil(a), validUntil(b)] WHERE t IS NOT NULL] AS stops
RETURN a.name AS who, type(r) AS tie, b.name AS what,
       [t IN stops WHERE all(u IN stops WHERE t <= u)][0] AS until
ORDER BY until, what, who
