// The entity panel: what `kennis show` and `kennis history` print, for a browser: labels, properties,
// relationships both ways (each a link to the entity at its other end), the sources its facts come
// from, and every event that touched it (who recorded what, when, with the note).

import * as api from "./api.js";

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function valueText(value) {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function safeLink(url) {
  // Only web links become links; anything else (javascript:, data:) stays text.
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "https:" || parsed.protocol === "http:") {
      const link = element("a", url);
      link.href = parsed.href;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      return link;
    }
  } catch {}
  return element("span", url);
}

/** What an event says, in a few words: a relation's type and ends, or the properties it sets. */
function whatChanged(event) {
  const parts = [];
  if (event.rel) parts.push(`${event.rel} ${event.from || ""} → ${event.to || ""}`);
  else if (event.id) parts.push(event.id);
  const keys = Object.keys(event.props || {});
  if (keys.length) parts.push(`{${keys.slice(0, 6).join(", ")}${keys.length > 6 ? ", …" : ""}}`);
  return parts.join(" ");
}

export class EntityPanel {
  constructor(container, onOpen) {
    this.container = container;
    this.onOpen = onOpen;
  }

  hide() {
    this.container.hidden = true;
  }

  /** Shows entity `id` as it stood at `asOf` (null: now), with its whole history. */
  async open(id, asOf) {
    this.container.hidden = false;
    this.container.dataset.entity = id;
    this.container.replaceChildren(element("p", `Loading ${id}…`, "muted"));
    const [entity, history] = await Promise.allSettled([api.get(`/entities/${encodeURIComponent(id)}`, { as_of: asOf }), api.get(`/entities/${encodeURIComponent(id)}/history`)]);
    const parts = [this.header(id)];
    if (entity.status === "fulfilled") parts.push(...this.describe(entity.value));
    else parts.push(element("p", entity.reason.message, "error"));
    if (history.status === "fulfilled") parts.push(...this.sources(history.value.events), this.history(history.value.events));
    this.container.replaceChildren(...parts);
    this.container.dataset.loaded = id;
  }

  header(id) {
    const header = element("header");
    header.append(element("h2", id));
    const close = element("button", "×", "close");
    close.title = "Close";
    close.addEventListener("click", () => this.hide());
    header.append(close);
    return header;
  }

  describe(entity) {
    const parts = [];
    parts.push(element("p", `${entity.labels.join(" · ") || "(no labels)"} — created seq ${entity.created_seq}, last changed seq ${entity.updated_seq}`, "muted"));
    const properties = element("dl", undefined, "properties");
    for (const [key, value] of Object.entries(entity.properties)) {
      properties.append(element("dt", key), element("dd", valueText(value)));
    }
    parts.push(element("h3", "Properties"), properties);
    parts.push(element("h3", `Relationships (${entity.outgoing.length} out, ${entity.incoming.length} in)`));
    const list = element("ul", undefined, "relationships");
    for (const r of entity.outgoing) list.append(this.relationship("→", r.type, r.to));
    for (const r of entity.incoming) list.append(this.relationship("←", r.type, r.from));
    parts.push(list);
    return parts;
  }

  relationship(arrow, type, other) {
    const item = element("li");
    item.append(element("span", `${arrow} ${type} `, "type"));
    const link = element("a", other);
    link.href = "#";
    link.addEventListener("click", (event) => {
      event.preventDefault();
      this.onOpen(other);
    });
    item.append(link);
    return item;
  }

  sources(events) {
    const sources = [...new Set(events.map((e) => e.source).filter(Boolean))];
    const list = element("ul", undefined, "sources");
    for (const source of sources) {
      const item = element("li");
      item.append(safeLink(source));
      list.append(item);
    }
    return [element("h3", `Sources (${sources.length})`), list];
  }

  history(events) {
    const table = element("table", undefined, "history");
    const head = table.createTHead().insertRow();
    for (const title of ["seq", "recorded", "by", "event", "note"]) head.append(element("th", title));
    for (const event of events) {
      const row = table.insertRow();
      row.insertCell().textContent = String(event.seq);
      row.insertCell().textContent = event.recorded_at.replace("T", " ").replace(/\.\d+Z$|Z$/, "");
      row.insertCell().textContent = event.actor || "";
      row.insertCell().textContent = `${event.type} ${whatChanged(event)}`;
      row.insertCell().textContent = event.note || "";
    }
    const wrapper = element("div");
    wrapper.append(element("h3", `History (${events.length} events)`), table);
    return wrapper;
  }
}
