// Who leads what: every LEADS relationship, by the kind of thing led.
MATCH (p:Person)-[:LEADS]->(x)
RETURN labels(x)[0] AS kind, x.name AS led, p.name AS leader
ORDER BY kind, led, leader
