// Who funds what: each project with its funders (institutions and initiatives).
MATCH (x:Project)-[:FUNDED_BY]->(f)
WITH x, f ORDER BY f.name
RETURN x.name AS project, collect(f.name) AS funded_by
ORDER BY project
