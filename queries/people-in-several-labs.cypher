// Who bridges labs: people with a relationship to two or more labs.
MATCH (p:Person)-->(l:Lab)
WITH p, l ORDER BY l.name
WITH p, collect(DISTINCT l.name) AS labs
WHERE size(labs) > 1
RETURN p.name AS person, labs
ORDER BY person
