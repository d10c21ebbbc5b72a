// The side bar: the analysts' example queries, this browser's query history, the schema with counts
// (`CALL db.schema()`), the named projections as tables, and the live feed of new events.

import * as api from "./api.js";
import { cellText } from "./results-table.js";

const HISTORY_KEY = "kennis.history";
const HISTORY_SIZE = 100;

function item(text, title, onClick) {
  const li = document.createElement("li");
  const button = document.createElement("button");
  button.type = "button";
  button.className = "link";
  button.textContent = text;
  if (title) button.title = title;
  button.addEventListener("click", onClick);
  li.append(button);
  return li;
}

export function loadHistory() {
  try {
    return JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
  } catch {
    return [];
  }
}

export function remember(query, params) {
  const history = loadHistory().filter((entry) => entry.query !== query);
  history.unshift({ query, params, at: new Date().toISOString() });
  localStorage.setItem(HISTORY_KEY, JSON.stringify(history.slice(0, HISTORY_SIZE)));
}

export class Sidebar {
  constructor(elements, { onOpen, onRun }) {
    this.elements = elements;
    this.onOpen = onOpen; // (query, params) → into the editor
    this.onRun = onRun; // (query) → run it now
    this.feed = [];
  }

  async loadExamples() {
    try {
      const { examples } = await api.get("/examples");
      this.elements.examples.replaceChildren(...examples.map((e) => item(e.name, e.description, () => this.onOpen(e.query, parametersOf(e.query)))));
    } catch (error) {
      this.elements.examples.replaceChildren(item(error.message, "", () => {}));
    }
  }

  renderHistory() {
    this.elements.history.replaceChildren(
      ...loadHistory().map((entry) => item(entry.query.replace(/\s+/g, " ").slice(0, 80), `${entry.at}\n${entry.query}`, () => this.onOpen(entry.query, entry.params || {}))),
    );
  }

  async loadSchema(asOf) {
    try {
      const answer = await api.query("CALL db.schema() YIELD element, name, count RETURN element, name, count", {}, asOf);
      const nodes = answer.rows.filter((row) => row[0] === "node");
      const relationships = answer.rows.filter((row) => row[0] === "relationship");
      const entries = (rows, query) =>
        rows.map(([, name, count]) => item(`${name} (${count})`, `Show ${name}`, () => this.onRun(query(name))));
      this.elements.kinds.replaceChildren(...entries(nodes, (name) => `MATCH (n:\`${name}\`) RETURN n LIMIT 300`));
      this.elements.types.replaceChildren(...entries(relationships, (name) => `MATCH (a)-[r:\`${name}\`]->(b) RETURN a, r, b LIMIT 300`));
    } catch (error) {
      this.elements.kinds.replaceChildren(item(error.message, "", () => {}));
    }
  }

  async loadProjections() {
    try {
      const { projections } = await api.get("/projections");
      this.elements.projections.replaceChildren(...projections.map((p) => item(p.name, p.description, () => this.showProjection(p))));
    } catch (error) {
      this.elements.projections.replaceChildren(item(error.message, "", () => {}));
    }
  }

  async showProjection(projection) {
    this.shownProjection = projection;
    const target = this.elements.projection;
    target.hidden = false;
    try {
      const answer = await api.get(projection.path);
      const table = document.createElement("table");
      table.className = "results compact";
      const head = table.createTHead().insertRow();
      for (const column of answer.columns) head.append(Object.assign(document.createElement("th"), { textContent: column }));
      for (const row of answer.rows) {
        const tr = table.insertRow();
        for (const value of row) tr.insertCell().textContent = cellText(value);
      }
      const title = document.createElement("h3");
      title.textContent = `${projection.name} · seq ${answer.seq}`;
      const description = Object.assign(document.createElement("p"), { textContent: projection.description, className: "muted" });
      target.replaceChildren(title, description, table);
    } catch (error) {
      target.replaceChildren(Object.assign(document.createElement("p"), { textContent: error.message, className: "error" }));
    }
  }

  /** A new event from the stream: on top of the feed (the newest 200 are kept). */
  addEvent(event) {
    this.feed.unshift(event);
    if (this.feed.length > 200) this.feed.pop();
    const li = document.createElement("li");
    li.dataset.seq = String(event.seq);
    const what = `${event.seq} ${event.type} ${event.id || ""}`;
    li.textContent = `${what}${event.actor ? ` — ${event.actor}` : ""}`;
    li.title = event.note || event.source || "";
    this.elements.feed.prepend(li);
    while (this.elements.feed.children.length > 200) this.elements.feed.lastChild.remove();
  }
}

/** `{name: null}` for each `$name` in a query: parameters to fill in. */
export function parametersOf(query) {
  const names = [...query.replace(/\/\/[^\n]*/g, "").matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
  return Object.fromEntries([...new Set(names)].map((name) => [name, null]));
}
