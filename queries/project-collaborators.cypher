// Who collaborates through projects: pairs of people working on the same project, with the
// projects they share.
MATCH (a:Person)-[:WORKS_ON]->(x:Project)<-[:WORKS_ON]-(b:Person)
WHERE a.name < b.name
WITH a, b, x ORDER BY x.name
RETURN a.name AS person, b.name AS collaborator, collect(x.name) AS projects, count(x) AS shared
ORDER BY shared DESC, person, collaborator
