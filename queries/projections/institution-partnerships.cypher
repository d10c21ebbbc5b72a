// description: The institution partnership matrix: for each pair of institutions, how many projects,
// programs and initiatives they are partners in together (pairs sharing none are left out).
MATCH (a:Institution)-[:PARTNER_IN]->(x)<-[:PARTNER_IN]-(b:Institution)
WHERE id(a) < id(b)
RETURN id(a) AS institution, id(b) AS partner, count(DISTINCT x) AS shared
ORDER BY institution, partner
