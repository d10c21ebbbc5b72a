// description: Every lab with its host institution, the programs it belongs to, and how many people
// work in or with it.
MATCH (l:Lab)
OPTIONAL MATCH (l)-[:HOSTED_BY]->(host:Institution)
OPTIONAL MATCH (l)-[:PART_OF]->(program)
OPTIONAL MATCH (l)<--(p:Person)
WITH l, host, program, count(DISTINCT p) AS people ORDER BY program.name
RETURN id(l) AS id, l.name AS lab, host.name AS host, collect(DISTINCT program.name) AS programs, max(people) AS people
ORDER BY lab
