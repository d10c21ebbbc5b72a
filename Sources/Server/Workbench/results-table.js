// A query answer as a table (click a heading to sort by it, again to reverse) and as JSON, and as
// text to copy or download: CSV (RFC 4180) or JSON.

import { caption, isNode, isPath, isRelationship } from "./graph-model.js";

/** How a value reads in a cell: an element by its caption and id, anything else as JSON. */
export function cellText(value) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return value;
  if (isNode(value)) return `(${value.labels.join(":")} ${caption(value)} · ${value.id})`;
  if (isRelationship(value)) return `[:${value.type} ${value.from} → ${value.to}]`;
  if (isPath(value)) return `path of ${value.relationships.length} relationship(s): ${value.nodes.map(caption).join(" — ")}`;
  return JSON.stringify(value);
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  return cellText(a).localeCompare(cellText(b), undefined, { numeric: true });
}

export function toCSV(answer) {
  const field = (value) => {
    const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [answer.columns, ...answer.rows].map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}

export function toJSON(answer) {
  return JSON.stringify(
    answer.rows.map((row) => Object.fromEntries(answer.columns.map((column, i) => [column, row[i]]))),
    null,
    2,
  );
}

export class ResultsTable {
  constructor(container) {
    this.container = container;
    this.answer = null;
    this.sort = null; // {column, descending}
  }

  show(answer) {
    this.answer = answer;
    this.sort = null;
    this.render();
  }

  rows() {
    const rows = this.answer.rows.slice();
    if (this.sort) {
      const { column, descending } = this.sort;
      rows.sort((a, b) => (descending ? -1 : 1) * compare(a[column], b[column]));
    }
    return rows;
  }

  render() {
    const answer = this.answer;
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    answer.columns.forEach((column, i) => {
      const th = document.createElement("th");
      th.textContent = column;
      th.tabIndex = 0;
      th.dataset.column = String(i);
      if (this.sort && this.sort.column === i) th.dataset.sorted = this.sort.descending ? "descending" : "ascending";
      th.addEventListener("click", () => this.sortBy(i));
      th.addEventListener("keydown", (event) => {
        if (event.key === "Enter") this.sortBy(i);
      });
      head.append(th);
    });
    const body = table.createTBody();
    // Rows beyond the first thousands are counted, not drawn: the table stays quick; CSV has them all.
    const shown = this.rows().slice(0, 2000);
    for (const row of shown) {
      const tr = body.insertRow();
      for (const value of row) {
        const td = tr.insertCell();
        td.textContent = cellText(value);
        if (value === null) td.className = "null";
        else if (typeof value === "number") td.className = "number";
      }
    }
    const note = document.createElement("p");
    note.className = "muted";
    note.textContent =
      answer.rows.length > shown.length ? `${shown.length} of ${answer.rows.length} rows shown (copy or download for all)` : `${answer.rows.length} row(s)`;
    this.container.replaceChildren(table, note);
  }

  sortBy(column) {
    const descending = this.sort && this.sort.column === column ? !this.sort.descending : false;
    this.sort = { column, descending };
    this.render();
  }
}

/** Offers `text` as a file download (a blob URL of this page: nothing leaves the machine). */
export function download(text, name, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
