// Who bridges institutions: people affiliated with more than one institution, most first.
MATCH (p:Person)-[:AFFILIATED_WITH]->(i:Institution)
WITH p, i ORDER BY i.name
WITH p, collect(i.name) AS institutions
WHERE size(institutions) > 1
RETURN p.name AS person, institutions, size(institutions) AS count
ORDER BY count DESC, person
