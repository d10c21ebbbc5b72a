// Who and what is most connected: entities by the number of relationships they take part in.
MATCH (n)-[r]-()
RETURN labels(n)[0] AS kind, n.name AS name, count(r) AS degree
ORDER BY degree DESC, name
LIMIT 10
