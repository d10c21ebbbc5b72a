// Which institutions host programs, and which.
MATCH (p:Program)-[:HOSTED_BY]->(i:Institution)
WITH i, p ORDER BY p.name
RETURN i.name AS institution, collect(p.name) AS programs, count(p) AS count
ORDER BY count DESC, institution
