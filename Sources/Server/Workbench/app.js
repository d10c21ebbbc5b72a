// The workbench: wires the editor, the answer's views (graph, table, JSON, events written), the
// entity panel, the time slider and the side bar to the API. One query runs at a time; a newer request
// (the slider moving on) replaces any that waits, so scrubbing never queues stale answers.

import * as api from "./api.js";
import { CypherEditor } from "./cypher-editor.js";
import { EntityPanel } from "./entity-panel.js";
import { GraphCanvas } from "./graph-canvas.js";
import { graphOf, limitGraph } from "./graph-model.js";
import { download, ResultsTable, toCSV, toJSON } from "./results-table.js";
import { loadHistory, parametersOf, remember, Sidebar } from "./sidebar.js";
import { TimeTravel } from "./time-travel.js";

const $ = (id) => document.getElementById(id);

// Past these, a drawing no longer settles in a few seconds: a larger answer is drawn in part (the table
// and JSON have it all), and the status line says so.
const DRAWN_NODES = 5000;
const DRAWN_RELATIONSHIPS = 20000;

const DEFAULT_QUERY = "// Who works in or with each lab\nMATCH (l:Lab)<-[r]-(p:Person)\nRETURN l, r, p";

const state = {
  answer: null, // the answer shown
  graph: { nodes: [], relationships: [] }, // what the drawing shows (the answer's graph, expanded)
  query: null, // {text, params}: the query the slider and the live feed re-run
  running: false,
  waiting: null, // the newest request that came while one ran
  following: null, // stops the event stream
  schemaTimer: null,
};

const editor = new CypherEditor($("query"), $("query-highlight"), () => runFromEditor());
const table = new ResultsTable($("table-view"));
const panel = new EntityPanel($("entity-panel"), (id) => panel.open(id, time.position()));
const canvas = new GraphCanvas($("graph"), $("graph-tooltip"), $("graph-legend"), {
  onSelect: (node) => panel.open(node.id, time.position()),
  onExpand: (node) => expand(node.id),
});
const time = new TimeTravel(
  {
    slider: $("time-slider"),
    label: $("time-label"),
    now: $("time-now"),
    diffFrom: $("diff-from"),
    diffTo: $("diff-to"),
    diffButton: $("diff-run"),
    clearButton: $("diff-clear"),
    diffList: $("diff-list"),
  },
  {
    onPosition: (position) => {
      run({ again: true, asOf: position, fromSlider: performance.now() });
      // The schema's counts follow once the slider rests, not on every step of a drag.
      clearTimeout(state.schemaTimer);
      state.schemaTimer = setTimeout(() => sidebar.loadSchema(position), 250);
    },
    onDiff: (diff) => showDiff(diff),
  },
);
const sidebar = new Sidebar(
  {
    examples: $("examples"),
    history: $("history"),
    kinds: $("schema-kinds"),
    types: $("schema-types"),
    projections: $("projections"),
    projection: $("projection-view"),
    feed: $("feed"),
  },
  {
    onOpen: (text, params) => {
      editor.value = text;
      $("params").value = JSON.stringify(params, null, 1);
    },
    onRun: (text) => {
      editor.value = text;
      runFromEditor();
    },
  },
);

function status(text, kind = "") {
  const line = $("status");
  line.textContent = text;
  line.className = kind;
}

function parameters() {
  const text = $("params").value.trim();
  if (!text) return {};
  const value = JSON.parse(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("parameters must be a JSON object");
  return value;
}

function runFromEditor() {
  let params;
  try {
    params = parameters();
  } catch (error) {
    status(`Parameters: ${error.message}`, "error");
    return;
  }
  const text = editor.value;
  remember(text, params);
  sidebar.renderHistory();
  run({ text, params, asOf: time.position(), fromEditor: true });
}

/** Runs a request now, or after the one running. A request is a query ({text, params, asOf}) or
 *  `{again: true, asOf}`: the current query again at a position (the slider, the live feed), which
 *  takes the current query when it runs, not when it was asked for. Only the newest request waits; an
 *  "again" that comes while a query waits moves that query to its position instead of replacing it. */
async function run(request) {
  if (state.running) {
    const waiting = state.waiting;
    state.waiting = request.again && waiting && !waiting.again ? { ...waiting, asOf: request.asOf, fromSlider: request.fromSlider } : request;
    return;
  }
  state.running = true;
  document.body.dataset.busy = "true";
  try {
    await execute(request);
  } finally {
    state.running = false;
    document.body.dataset.busy = "false";
    const next = state.waiting;
    state.waiting = null;
    if (next) run(next);
  }
}

async function execute(request) {
  if (request.again && !state.query) return;
  const { text, params } = request.again ? state.query : request;
  const { asOf, fromEditor, fromSlider } = request;
  const started = performance.now();
  status(asOf === null || asOf === undefined ? "Running…" : `Running as of seq ${asOf}…`);
  let answer;
  try {
    answer = await api.query(text, params, asOf);
  } catch (error) {
    showError(error, fromEditor, text);
    return;
  }
  editor.clearError();
  // The slider and the live feed re-run the last query that read; a query that wrote is never run again
  // by the page (its events arriving through the feed would run it again, and again).
  if (!answer.stats) state.query = { text, params };
  state.answer = answer;
  showAnswer(answer);
  const took = performance.now() - started;
  const drawn = state.graph.cut ? ` · drawing ${state.graph.nodes.length} of its nodes and the relationships between them` : "";
  status(
    `${answer.rows.length} row(s) · seq ${answer.seq}${asOf === null || asOf === undefined ? " (now)" : ""} · ` +
      `${answer.elapsed_ms} ms on the server, ${Math.round(took)} ms in all${drawn}`,
  );
  document.body.dataset.answeredSeq = String(answer.seq);
  document.body.dataset.answerMs = String(Math.round(took));
  if (fromSlider) document.body.dataset.sliderLatencyMs = String(Math.round(performance.now() - fromSlider));
  if (answer.stats) await showWrites(answer.stats);
  document.dispatchEvent(new CustomEvent("kennis:answer", { detail: { query: text, seq: answer.seq, rows: answer.rows.length } }));
}

function showError(error, fromEditor, text = null) {
  const where = error.line ? ` (line ${error.line}, column ${error.column})` : "";
  const detail = error.detail ? ` (${error.detail})` : "";
  status(`${error.code}${detail}: ${error.message}${where}`, "error");
  if (error.line && fromEditor) editor.markError(error.line, error.column, error.message);
  if (error.status === 401 || error.status === 403) $("token-state").classList.add("attention");
  const outcome = { query: text, code: error.code, line: error.line, column: error.column };
  document.dispatchEvent(new CustomEvent("kennis:error", { detail: outcome }));
}

function showAnswer(answer) {
  table.show(answer);
  const json = JSON.stringify(answer, null, 2);
  $("json-view").textContent = json.length > 2_000_000 ? `${json.slice(0, 2_000_000)}\n… (cut: copy or download for all)` : json;
  const whole = graphOf(answer.rows);
  state.graph = limitGraph(whole, DRAWN_NODES, DRAWN_RELATIONSHIPS);
  canvas.show(state.graph);
  if (answer.plan) {
    showPlan(answer.plan);
    selectTab("plan");
  } else if (!state.graph.nodes.length && currentTab() === "graph") {
    selectTab("table");
  }
}

/** An EXPLAIN's or PROFILE's plan: one row per step, indented under its clause, with the planner's
 *  estimate and, under PROFILE, the rows and time measured. */
function showPlan(plan) {
  const profiled = plan.some((step) => step.rows !== undefined);
  const table = document.createElement("table");
  table.className = "plan";
  const head = table.createTHead().insertRow();
  for (const name of ["operation", "detail", "estimated rows", ...(profiled ? ["rows", "ms"] : [])]) {
    head.append(Object.assign(document.createElement("th"), { textContent: name }));
  }
  const body = table.createTBody();
  for (const step of plan) {
    const row = body.insertRow();
    row.dataset.depth = String(step.depth);
    const operation = row.insertCell();
    operation.textContent = step.operation;
    operation.style.paddingLeft = `${0.4 + 1.2 * step.depth}em`;
    row.insertCell().textContent = step.detail;
    row.insertCell().textContent = step.estimated_rows === undefined ? "" : `~${formatEstimate(step.estimated_rows)}`;
    if (profiled) {
      row.insertCell().textContent = step.rows === undefined ? "" : String(step.rows);
      row.insertCell().textContent = step.ms === undefined ? "" : String(step.ms);
    }
  }
  const title = Object.assign(document.createElement("p"), {
    className: "muted",
    textContent: profiled ? "Profile: rows and ms were measured; ~ rows are the planner's estimates." : "Plan: nothing was run; ~ rows are the planner's estimates.",
  });
  $("plan-view").replaceChildren(title, table);
}

function formatEstimate(rows) {
  if (rows < 1) return rows === 0 ? "0" : "<1";
  return rows < 1000 ? String(Math.round(rows)) : rows.toPrecision(3);
}

/** A write's events, read back from the log. */
async function showWrites(stats) {
  const view = $("events-view");
  if (stats.first_seq === null || stats.first_seq === undefined) {
    view.replaceChildren(Object.assign(document.createElement("p"), { textContent: "The query changed nothing: no events were written." }));
    selectTab("events");
    return;
  }
  const count = stats.last_seq - stats.first_seq + 1;
  const page = await api.get("/events", { after: stats.first_seq - 1, limit: Math.min(count, 1000) });
  const list = document.createElement("ol");
  list.className = "events";
  list.start = stats.first_seq;
  for (const event of page.events) {
    const li = document.createElement("li");
    li.textContent = JSON.stringify(event);
    list.append(li);
  }
  const title = Object.assign(document.createElement("p"), { textContent: `${count} event(s) written, seq ${stats.first_seq}–${stats.last_seq}` });
  view.replaceChildren(title, list);
  selectTab("events");
}

async function expand(id) {
  try {
    const answer = await api.query("MATCH (n)-[r]-(m) WHERE id(n) = $id RETURN n, r, m LIMIT 300", { id }, time.position());
    const more = graphOf(answer.rows);
    const nodes = new Map(state.graph.nodes.map((n) => [n.id, n]));
    for (const n of more.nodes) if (!nodes.has(n.id) || nodes.get(n.id).stub) nodes.set(n.id, n);
    const relationships = new Map(state.graph.relationships.map((r) => [r.id, r]));
    for (const r of more.relationships) relationships.set(r.id, r);
    state.graph = { nodes: [...nodes.values()], relationships: [...relationships.values()] };
    canvas.show(state.graph);
    status(`Expanded ${id}: ${more.relationships.length} relationship(s)`);
  } catch (error) {
    showError(error, false);
  }
}

/** Draws the current query at both ends of a diff, with what was added, removed and changed marked. */
async function showDiff(diff) {
  if (!diff) return canvas.show(state.graph);
  if (!state.query) return;
  const { text, params } = state.query;
  try {
    const [before, after] = await Promise.all([api.query(text, params, diff.from), api.query(text, params, diff.to)]);
    const old = graphOf(before.rows);
    const now = graphOf(after.rows);
    const marks = new Map();
    for (const change of diff.entities.concat(diff.relationships)) if (change.change !== "removed") marks.set(change.id, change.change);
    const present = new Set(now.nodes.map((n) => n.id).concat(now.relationships.map((r) => r.id)));
    const nodes = now.nodes.slice();
    const relationships = now.relationships.slice();
    for (const n of old.nodes) if (!present.has(n.id)) (nodes.push(n), marks.set(n.id, "removed"));
    for (const r of old.relationships) if (!present.has(r.id)) (relationships.push(r), marks.set(r.id, "removed"));
    canvas.show({ nodes, relationships }, marks);
    selectTab("graph");
    status(`What changed from seq ${diff.from} to ${diff.to}, in the current query: green added, orange changed, red removed`);
  } catch (error) {
    showError(error, false);
  }
}

function currentTab() {
  return document.querySelector("[role=tab][aria-selected=true]").dataset.tab;
}

function selectTab(name) {
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const selected = tab.dataset.tab === name;
    tab.setAttribute("aria-selected", String(selected));
    $(`${tab.dataset.tab}-panel`).hidden = !selected;
  }
}

async function copy(text) {
  try {
    await navigator.clipboard.writeText(text);
    status("Copied.");
  } catch {
    status("The browser did not allow copying: use Download.", "error");
  }
}

function showTokenState() {
  const hasToken = Boolean(api.token());
  $("token-state").textContent = hasToken ? "Token in use (kept for this tab only)" : "Read-only: give a write token to write";
  $("token-state").classList.toggle("read-only", !hasToken);
  $("token-state").classList.remove("attention");
  $("token-forget").hidden = !hasToken;
}

async function tokenChanged() {
  showTokenState();
  await loadAll();
  run({ again: true, asOf: time.position() });
}

function startFollowing() {
  if (state.following) state.following();
  state.following = api.follow(
    time.head,
    (event) => onEvent(event),
    (connection, error) => {
      $("live").textContent = connection === "live" ? "● live" : "○ offline";
      $("live").className = connection;
      $("live").title = error ? error.message : "Following new events";
    },
  );
}

let refresh = null;
function onEvent(event) {
  sidebar.addEvent(event);
  time.setHead(Math.max(time.head, event.seq));
  // Many events arrive together: what is shown refreshes once they stop, at most every 300 ms.
  clearTimeout(refresh);
  refresh = setTimeout(() => {
    if (time.position() === null) run({ again: true, asOf: null });
    sidebar.loadSchema(time.position());
    if (sidebar.shownProjection) sidebar.showProjection(sidebar.shownProjection);
  }, 300);
}

function wire() {
  $("run").addEventListener("click", () => runFromEditor());
  const tabs = [...document.querySelectorAll("[role=tab]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab.dataset.tab));
    // The tab list's keys (WAI-ARIA): arrows move to the neighbouring tab.
    tab.addEventListener("keydown", (event) => {
      const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      selectTab(next.dataset.tab);
      next.focus();
    });
  }
  $("copy-csv").addEventListener("click", () => state.answer && copy(toCSV(state.answer)));
  $("copy-json").addEventListener("click", () => state.answer && copy(toJSON(state.answer)));
  $("download-csv").addEventListener("click", () => state.answer && download(toCSV(state.answer), "kennis-result.csv", "text/csv"));
  $("download-json").addEventListener("click", () => state.answer && download(toJSON(state.answer), "kennis-result.json", "application/json"));
  $("fit").addEventListener("click", () => {
    canvas.autoFit = true;
    canvas.fit();
    canvas.dirty = true;
  });
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    api.setToken($("token").value.trim());
    $("token").value = "";
    tokenChanged();
  });
  $("token-forget").addEventListener("click", () => {
    api.setToken("");
    tokenChanged();
  });
}

/** Everything the server tells the side bar and the slider, read again (at start, and when the token
 *  changes: a server whose reads need a token answers the page only once it has one). */
async function loadAll() {
  try {
    const health = await api.get("/health");
    await time.setHead(health.seq);
  } catch (error) {
    status(`The server did not answer: ${error.message}`, "error");
  }
  startFollowing();
  await Promise.all([sidebar.loadExamples(), sidebar.loadSchema(time.position()), sidebar.loadProjections()]);
}

async function start() {
  wire();
  sidebar.renderHistory();
  const history = loadHistory();
  editor.value = history.length ? history[0].query : DEFAULT_QUERY;
  $("params").value = JSON.stringify(history.length ? history[0].params || {} : parametersOf(editor.value));
  showTokenState();
  await loadAll();
  runFromEditor();
}

// For tests and tools: what the drawing shows, and how fast it is.
window.kennisWorkbench = {
  graph: () => canvas.positions(),
  frames: () => canvas.frames,
  canvas,
};

start();
