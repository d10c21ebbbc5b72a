// The workbench's modules on their own, run in the page by workbench_test.py (execute_async_script):
// the tokenizer gives back every text it is given, hostile ones too; line and column map to offsets;
// answers of every shape yield their graph; CSV quotes what it must. Calls back with the failures.
const done = arguments[arguments.length - 1];
(async () => {
  const editor = await import("/workbench/cypher-editor.js");
  const model = await import("/workbench/graph-model.js");
  const table = await import("/workbench/results-table.js");
  const failures = [];
  const texts = [
    "MATCH (n:Person {name: 'x'}) RETURN n", "'unterminated", '"also', "/* open comment", "`open", "$", "$`p q`",
    "RETURN 1.5e10, .5, 0x1F", "\u0000\uffff\ud800", "😀 MATCH", "a".repeat(100000), "(".repeat(5000) + ")".repeat(5000),
    "MATCH (n)\r\nRETURN n // comment\n",
  ];
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const alphabet = "MATCH RETURN()[]{}:'\"`$/*\\\n 0123456789.eE-+<>=,|😀é";
  for (let i = 0; i < 300; i++) {
    let text = "";
    for (let j = 0; j < 60; j++) text += alphabet[Math.floor(random() * alphabet.length)];
    texts.push(text);
  }
  for (const text of texts) {
    if (editor.tokenize(text).map((t) => t.text).join("") !== text) failures.push(`tokenize lost text: ${text.slice(0, 40)}`);
  }
  const kinds = editor.tokenize("MATCH (p:Person) WHERE p.name = $name RETURN count(p), 'x' // c").map((t) => t.type);
  for (const kind of ["keyword", "label", "parameter", "function", "string", "comment", "variable"]) {
    if (!kinds.includes(kind)) failures.push(`no ${kind} token`);
  }
  if (editor.offsetOf("ab\ncd\nef", 3, 2) !== 7) failures.push("offsetOf");
  if (editor.offsetOf("ab", 9, 9) !== 2) failures.push("offsetOf past the end");
  const node = (id, labels = ["Lab"]) => ({ id, labels, properties: { name: id } });
  const relationship = { id: "R", type: "T", from: "a", to: "missing", properties: {} };
  const graph = model.graphOf([
    [node("a"), { nested: [node("b"), { path: { nodes: [node("c")], relationships: [relationship] } }] }],
    [{ id: "not-a-node", labels: "x", properties: {} }],
    [null, 1, "s"],
  ]);
  const ids = graph.nodes.map((n) => n.id).sort().join(",");
  if (ids !== "a,b,c,missing") failures.push(`graphOf nodes: ${ids}`);
  if (!graph.nodes.find((n) => n.id === "missing").stub) failures.push("a relationship's missing end is a stub");
  if (graph.relationships.length !== 1) failures.push("graphOf relationships");
  if (model.kindOf({ id: "person:x", labels: [] }) !== "person") failures.push("kindOf");
  const big = { nodes: [node("a"), node("b"), node("c")], relationships: [{ ...relationship, to: "b" }, { ...relationship, id: "S", to: "c" }] };
  const limited = model.limitGraph(big, 2, 10);
  if (!limited.cut || limited.nodes.length !== 2 || limited.relationships.map((r) => r.id).join() !== "R") failures.push("limitGraph");
  if (model.limitGraph(big, 3, 2).cut) failures.push("limitGraph cut a graph within its limits");
  const csv = table.toCSV({ columns: ["a", "b"], rows: [['x,"y"', null], [1, { k: [1] }]] });
  if (csv !== 'a,b\r\n"x,""y""",\r\n1,"{""k"":[1]}"\r\n') failures.push(`toCSV: ${JSON.stringify(csv)}`);
  return failures;
})().then(done, (error) => done([`threw: ${error}`]));
