// The graph a query answer holds: every node, relationship and path anywhere in its rows (in lists and
// maps too), recognised by the shapes docs/query.md gives them: a node is {id, labels, properties}, a
// relationship {id, type, from, to, properties}, a path {nodes, relationships}.

function keysAre(value, keys) {
  const own = Object.keys(value);
  return own.length === keys.length && keys.every((key) => own.includes(key));
}

export function isNode(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    keysAre(value, ["id", "labels", "properties"]) &&
    typeof value.id === "string" &&
    Array.isArray(value.labels)
  );
}

export function isRelationship(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    keysAre(value, ["id", "type", "from", "to", "properties"]) &&
    typeof value.id === "string"
  );
}

export function isPath(value) {
  return (
    value !== null &&
    typeof value === "object" &&
    keysAre(value, ["nodes", "relationships"]) &&
    Array.isArray(value.nodes) &&
    value.nodes.every(isNode)
  );
}

/** A node or relationship's display name: its name, title or label property, else its id. */
export function caption(element) {
  const p = element.properties || {};
  return String(p.name ?? p.title ?? p.label ?? element.id);
}

/** The kind a node is drawn as: its first label, or the prefix of its id (`person:x` → person). */
export function kindOf(node) {
  if (node.labels && node.labels.length) return node.labels[0];
  const colon = node.id.indexOf(":");
  return colon > 0 ? node.id.slice(0, colon) : "";
}

/** The nodes and relationships of `rows`, each once (by id). A relationship whose end is not in the
 *  answer brings a stub node for it (id only), so every line has two ends. */
export function graphOf(rows) {
  const nodes = new Map();
  const relationships = new Map();
  const visit = (value) => {
    if (value === null || typeof value !== "object") return;
    if (isNode(value)) {
      nodes.set(value.id, value);
    } else if (isRelationship(value)) {
      relationships.set(value.id, value);
    } else if (isPath(value)) {
      value.nodes.forEach(visit);
      value.relationships.forEach(visit);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    } else {
      Object.values(value).forEach(visit);
    }
  };
  rows.forEach(visit);
  for (const relationship of relationships.values()) {
    for (const end of [relationship.from, relationship.to]) {
      if (!nodes.has(end)) nodes.set(end, { id: end, labels: [], properties: {}, stub: true });
    }
  }
  return { nodes: [...nodes.values()], relationships: [...relationships.values()] };
}

/** At most `maxNodes` nodes (the first found) and the relationships between them, at most
 *  `maxRelationships`: what a drawing can lay out at interactive speed. */
export function limitGraph(graph, maxNodes, maxRelationships) {
  if (graph.nodes.length <= maxNodes && graph.relationships.length <= maxRelationships) return { ...graph, cut: false };
  const nodes = graph.nodes.slice(0, maxNodes);
  const kept = new Set(nodes.map((n) => n.id));
  const relationships = graph.relationships.filter((r) => kept.has(r.from) && kept.has(r.to)).slice(0, maxRelationships);
  return { nodes, relationships, cut: true };
}
