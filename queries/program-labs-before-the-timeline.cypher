// How a program's labs changed: the labs part of each program at seq 357, before the dated
// timeline (events/30-timeline.jsonl) was recorded. Run it without AS OF to compare with now.
AS OF 357
MATCH (l:Lab)-[:PART_OF]->(p:Program)
WITH p, l ORDER BY l.name
RETURN p.name AS program, collect(l.name) AS labs, count(l) AS count
ORDER BY program
