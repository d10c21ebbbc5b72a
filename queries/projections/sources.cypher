// description: Facts per source: for each source, how many entities and relationships it made what
// they are now (an element counts once for each of its sources); "(no source)" counts the elements
// none of whose facts has one. Each element's sources are read from the log (sources()).
MATCH (n)
UNWIND CASE WHEN size(sources(n)) = 0 THEN [null] ELSE sources(n) END AS source
RETURN coalesce(source, '(no source)') AS source, 'entities' AS elements, count(*) AS facts
UNION ALL
MATCH ()-[r]->()
UNWIND CASE WHEN size(sources(r)) = 0 THEN [null] ELSE sources(r) END AS source
RETURN coalesce(source, '(no source)') AS source, 'relationships' AS elements, count(*) AS facts
