// Which institutions take part in the most projects, programs and initiatives as partners.
MATCH (i:Institution)-[:PARTNER_IN]->(x)
RETURN i.name AS institution, count(DISTINCT x) AS partnerships
ORDER BY partnerships DESC, institution
LIMIT 10
