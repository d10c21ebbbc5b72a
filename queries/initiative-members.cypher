// How large each initiative is: its member people and institutions, largest first.
MATCH (i:Initiative)<-[:MEMBER_OF]-(m)
RETURN i.name AS initiative, count(CASE WHEN 'Person' IN labels(m) THEN 1 END) AS people,
       count(CASE WHEN 'Institution' IN labels(m) THEN 1 END) AS institutions, count(m) AS members
ORDER BY members DESC, initiative
