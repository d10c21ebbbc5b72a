// How large each initiative is: its member people and institutions, largest first.
MATCH (i:Initiative)<-[:MEMBER_OF]-(m)
RETURN i.name AS initiative, count(CASE WHEN m:Person THEN 1 END) AS people,
       count(CASE WHEN m:Institution THEN 1 END) AS institutions, count(m) AS members
ORDER BY members DESC, initiative
