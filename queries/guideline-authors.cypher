// Who wrote the guidelines: authors and contributors of each guideline.
MATCH (g:Guideline)<-[r:AUTHORED|CONTRIBUTED_TO]-(p:Person)
WITH g, r, p ORDER BY p.name
RETURN g.name AS guideline, type(r) AS role, collect(p.name) AS people
ORDER BY guideline, role
