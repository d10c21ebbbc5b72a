// The ecosystem on a date: the labs, programs, projects and initiatives that held in the world on
// $on (an ISO 8601 date), with since when and what each was part of or hosted by then. A fact the
// sources do not date holds on every date; add AS OF to see the world as the log once believed it.
VALID AT $on
MATCH (x)
WHERE x:Lab OR x:Program OR x:Project OR x:Initiative
OPTIONAL MATCH (x)-[:PART_OF|HOSTED_BY]->(parent)
WITH x, parent ORDER BY parent.name
RETURN labels(x)[0] AS kind, x.name AS name, validFrom(x) AS since, collect(parent.name) AS within
ORDER BY kind, name
