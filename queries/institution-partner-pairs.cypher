// Which institutions partner most: pairs of institutions that are partners in the same project,
// program or initiative, by how many they share.
MATCH (a:Institution)-[:PARTNER_IN]->(x)<-[:PARTNER_IN]-(b:Institution)
WHERE a.name < b.name
RETURN a.name AS institution, b.name AS partner, count(DISTINCT x) AS shared, collect(DISTINCT x.name) AS in
ORDER BY shared DESC, institution, partner
LIMIT 10
