// How two people are connected: one shortest chain of relationships, in either direction,
// between Jos Malda and Nico van den Berg, with every step's relationship type.
MATCH (a:Person {name: 'Jos Malda'}), (b:Person {name: 'Nico van den Berg'})
MATCH p = shortestPath((a)-[*..8]-(b))
RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS chain, [r IN relationships(p) | type(r)] AS via
