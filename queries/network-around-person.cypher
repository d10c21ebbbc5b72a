// The network around a person: everything within two hops of Carl Moons, with its kind and how
// far it is.
MATCH (c:Person {name: 'Carl Moons'})
MATCH p = shortestPath((c)-[*..2]-(x))
WHERE x <> c
RETURN labels(x)[0] AS kind, x.name AS name, length(p) AS hops
ORDER BY hops, kind, name
