// Which tools exist and who made or hosts them.
MATCH (t:Tool)
OPTIONAL MATCH (t)<-[:DEVELOPED]-(maker)
WITH t, maker ORDER BY maker.name
RETURN t.name AS tool, collect(maker.name) AS developed_by
ORDER BY tool
