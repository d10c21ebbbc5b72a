// Who works in or with each lab: everyone with a relationship to a lab (member, leader, founder,
// coordinator), with the kinds of relationship, by lab and name.
MATCH (l:Lab)<-[r]-(p:Person)
RETURN l.name AS lab, p.name AS person, collect(DISTINCT type(r)) AS roles
ORDER BY lab, person
