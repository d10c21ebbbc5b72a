// description: How many people work in or with each lab; fetch it with as_of for the history of the
// labs' size over time.
MATCH (l:Lab)
OPTIONAL MATCH (l)<--(p:Person)
RETURN id(l) AS id, l.name AS lab, count(DISTINCT p) AS people
ORDER BY people DESC, lab
