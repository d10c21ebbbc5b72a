// Where each lab sits: the institution hosting it and the programs or initiatives it is part of.
MATCH (l:Lab)
OPTIONAL MATCH (l)-[:HOSTED_BY]->(host:Institution)
OPTIONAL MATCH (l)-[:PART_OF]->(program)
WITH l, host, program ORDER BY program.name
RETURN l.name AS lab, host.name AS host, collect(program.name) AS part_of
ORDER BY lab
