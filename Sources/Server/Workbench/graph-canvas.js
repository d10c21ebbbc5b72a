// The drawing of a result graph on a canvas: nodes coloured by kind and captioned by name,
// relationships as lines named by type, laid out by ForceLayout a few milliseconds per frame (so the
// page stays responsive while it settles). Drag a node, drag the background to pan, wheel to zoom,
// hover for properties, click a node to open it, double-click to expand its neighbours.

import { ForceLayout } from "./force-layout.js";
import { caption, kindOf } from "./graph-model.js";

const PALETTE = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#b07aa1", "#76b7b2", "#edc948", "#ff9da7", "#9c755f", "#bab0ac", "#1b9e77", "#7570b3"];
const KNOWN = { Person: 0, Lab: 1, Institution: 2, Program: 3, Project: 4, Initiative: 5, Tool: 6, Guideline: 7 };
const MARKS = { added: "#2ca02c", changed: "#ff9900", removed: "#d62728" };
const RADIUS = 6;
const TICK_BUDGET_MS = 9;

export function colourOf(kind) {
  if (kind in KNOWN) return PALETTE[KNOWN[kind]];
  let hash = 0;
  for (const c of kind) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return PALETTE[Math.abs(hash) % PALETTE.length];
}

export class GraphCanvas {
  constructor(canvas, tooltip, legend, { onSelect, onExpand }) {
    this.canvas = canvas;
    this.legend = legend;
    this.context = canvas.getContext("2d");
    this.tooltip = tooltip;
    this.onSelect = onSelect;
    this.onExpand = onExpand;
    this.layout = new ForceLayout();
    this.nodes = []; // {id, data, kind, colour, caption} parallel to layout.nodes
    this.relationships = []; // {data, source, target}
    this.marks = new Map(); // id → added | changed | removed
    this.view = { x: 0, y: 0, k: 1 };
    this.autoFit = true;
    this.dirty = true;
    this.frames = 0;
    this.settledAt = null;
    this.startedAt = performance.now();
    this.selected = null;
    this.hovered = null;
    this.gesture = null;
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.listen();
    const frame = () => {
      this.frame();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  /** Draws `graph` ({nodes, relationships}); nodes seen before keep their place, so re-running a
   *  query at another position shows the graph growing and changing rather than a new drawing. */
  show(graph, marks = new Map()) {
    const previous = new Map(this.layout.nodes.map((n) => [n.id, n]));
    const fresh = graph.nodes.some((n) => !previous.has(n.id));
    this.layout.setGraph(
      graph.nodes.map((n) => n.id),
      graph.relationships.map((r) => [r.from, r.to]),
      previous,
    );
    this.nodes = graph.nodes.map((data) => ({ id: data.id, data, kind: kindOf(data), caption: caption(data) }));
    this.nodes.forEach((node, i) => {
      node.colour = colourOf(node.kind);
      // Hubs are drawn larger: the radius grows with the square root of the relationships drawn.
      node.radius = Math.min(16, RADIUS + 1.2 * Math.sqrt(this.layout.nodes[i].degree));
    });
    this.showLegend();
    const index = new Map(this.nodes.map((n, i) => [n.id, i]));
    this.relationships = graph.relationships.map((data) => ({ data, source: index.get(data.from), target: index.get(data.to) }));
    this.marks = marks;
    if (!previous.size) {
      this.autoFit = true;
      this.layout.alpha = 1;
    } else {
      this.layout.reheat(fresh ? 0.5 : 0.1);
    }
    this.startedAt = performance.now();
    this.settledAt = null;
    this.canvas.dataset.nodes = String(this.nodes.length);
    this.canvas.dataset.relationships = String(this.relationships.length);
    this.canvas.dataset.state = "running";
    this.dirty = true;
  }

  /** The kinds drawn, each with its colour and count. */
  showLegend() {
    const counts = new Map();
    for (const node of this.nodes) counts.set(node.kind, (counts.get(node.kind) || 0) + 1);
    const entries = [...counts].sort((a, b) => b[1] - a[1]);
    this.legend.replaceChildren(
      ...entries.map(([kind, count]) => {
        const entry = document.createElement("span");
        const swatch = document.createElement("i");
        swatch.style.background = colourOf(kind);
        entry.append(swatch, `${kind || "(no label)"} ${count}`);
        return entry;
      }),
    );
    this.legend.hidden = !entries.length;
  }

  clear() {
    this.show({ nodes: [], relationships: [] });
  }

  /** Where each node is drawn, for tests and tools: [{id, kind, caption, x, y}] in canvas pixels. */
  positions() {
    return this.nodes.map((node, i) => {
      const { x, y } = this.toScreen(this.layout.nodes[i]);
      return { id: node.id, kind: node.kind, caption: node.caption, mark: this.marks.get(node.id) || null, x, y };
    });
  }

  resize() {
    const ratio = window.devicePixelRatio || 1;
    const { width, height } = this.canvas.getBoundingClientRect();
    // The drawing keeps its centre where it was when the canvas changes size (a panel opening beside it).
    if (this.size && this.size.width > 80 && width > 80) {
      this.view.x += (width - this.size.width) / 2;
      this.view.y += (height - this.size.height) / 2;
    }
    this.size = { width, height };
    this.canvas.width = Math.max(1, Math.round(width * ratio));
    this.canvas.height = Math.max(1, Math.round(height * ratio));
    // A drawing shown again (its tab was hidden) or resized is fitted again unless the user moved it.
    if (this.autoFit) this.fit();
    this.dirty = true;
  }

  frame() {
    this.frames++;
    if (!this.layout.settled) {
      const start = performance.now();
      do this.layout.tick();
      while (!this.layout.settled && performance.now() - start < TICK_BUDGET_MS);
      if (this.autoFit) this.fit();
      if (this.layout.settled && this.settledAt === null) {
        this.settledAt = performance.now();
        this.canvas.dataset.state = "settled";
        this.canvas.dataset.settledMs = String(Math.round(this.settledAt - this.startedAt));
      }
      this.dirty = true;
    }
    if (this.dirty) {
      this.draw();
      this.dirty = false;
    }
  }

  fit() {
    const nodes = this.layout.nodes;
    if (!nodes.length) return;
    const { width, height } = this.canvas.getBoundingClientRect();
    if (width < 80 || height < 80) return; // hidden: fitted when shown
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const n of nodes) {
      x0 = Math.min(x0, n.x);
      y0 = Math.min(y0, n.y);
      x1 = Math.max(x1, n.x);
      y1 = Math.max(y1, n.y);
    }
    const k = Math.min(2, (width - 60) / Math.max(x1 - x0, 1), (height - 60) / Math.max(y1 - y0, 1));
    this.view = { k, x: width / 2 - ((x0 + x1) / 2) * k, y: height / 2 - ((y0 + y1) / 2) * k };
  }

  toScreen(point) {
    return { x: point.x * this.view.k + this.view.x, y: point.y * this.view.k + this.view.y };
  }

  toWorld(x, y) {
    return { x: (x - this.view.x) / this.view.k, y: (y - this.view.y) / this.view.k };
  }

  draw() {
    const context = this.context;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.clearRect(0, 0, this.canvas.width, this.canvas.height);
    const { x, y, k } = this.view;
    context.setTransform(ratio * k, 0, 0, ratio * k, ratio * x, ratio * y);
    const points = this.layout.nodes;
    this.drawRelationships(context, points, k);
    this.drawNodes(context, points, k);
    this.drawCaptions(context, points, k);
  }

  drawRelationships(context, points, k) {
    // One path for all plain lines (a few thousand lines are one stroke), then the marked ones.
    context.lineWidth = 1 / k;
    context.strokeStyle = "rgba(110, 110, 120, 0.45)";
    context.beginPath();
    const marked = [];
    for (const r of this.relationships) {
      if (r.source === undefined || r.target === undefined) continue;
      if (this.marks.has(r.data.id)) {
        marked.push(r);
        continue;
      }
      context.moveTo(points[r.source].x, points[r.source].y);
      context.lineTo(points[r.target].x, points[r.target].y);
    }
    context.stroke();
    context.lineWidth = 2.5 / k;
    for (const r of marked) {
      context.strokeStyle = MARKS[this.marks.get(r.data.id)];
      context.setLineDash(this.marks.get(r.data.id) === "removed" ? [4 / k, 3 / k] : []);
      context.beginPath();
      context.moveTo(points[r.source].x, points[r.source].y);
      context.lineTo(points[r.target].x, points[r.target].y);
      context.stroke();
    }
    context.setLineDash([]);
    if (this.relationships.length <= 400 || k > 1.5) this.drawArrowsAndTypes(context, points, k);
  }

  drawArrowsAndTypes(context, points, k) {
    context.fillStyle = "rgba(90, 90, 100, 0.8)";
    context.font = `${9 / Math.max(k, 0.6)}px system-ui, sans-serif`;
    context.textAlign = "center";
    for (const r of this.relationships) {
      if (r.source === undefined || r.target === undefined) continue;
      const a = points[r.source];
      const b = points[r.target];
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const length = Math.hypot(dx, dy) || 1;
      const ux = dx / length;
      const uy = dy / length;
      const gap = this.nodes[r.target].radius + 1;
      const tipX = b.x - ux * gap;
      const tipY = b.y - uy * gap;
      context.beginPath();
      context.moveTo(tipX, tipY);
      context.lineTo(tipX - ux * 6 - uy * 3, tipY - uy * 6 + ux * 3);
      context.lineTo(tipX - ux * 6 + uy * 3, tipY - uy * 6 - ux * 3);
      context.fill();
      if (k > 1.2 || this.relationships.length <= 60) context.fillText(r.data.type, (a.x + b.x) / 2, (a.y + b.y) / 2 - 2);
    }
  }

  drawNodes(context, points, k) {
    const byColour = new Map();
    this.nodes.forEach((node, i) => {
      if (!byColour.has(node.colour)) byColour.set(node.colour, []);
      byColour.get(node.colour).push(i);
    });
    // At least 2.5 pixels across however far out the view is zoomed, so a large graph stays visible.
    const least = 2.5 / k;
    for (const [colour, indices] of byColour) {
      context.fillStyle = colour;
      context.beginPath();
      for (const i of indices) {
        const radius = Math.max(this.nodes[i].radius, least);
        context.moveTo(points[i].x + radius, points[i].y);
        context.arc(points[i].x, points[i].y, radius, 0, 2 * Math.PI);
      }
      context.fill();
    }
    context.lineWidth = 2.5 / k;
    this.nodes.forEach((node, i) => {
      const mark = this.marks.get(node.id);
      const ring = mark ? MARKS[mark] : node === this.selected ? "#111" : node.data.stub ? "#999" : null;
      if (!ring) return;
      context.strokeStyle = ring;
      context.setLineDash(mark === "removed" || node.data.stub ? [3 / k, 2 / k] : []);
      context.beginPath();
      context.arc(points[i].x, points[i].y, node.radius + 2 / k, 0, 2 * Math.PI);
      context.stroke();
    });
    context.setLineDash([]);
  }

  drawCaptions(context, points, k) {
    // Every caption when they fit; otherwise those of the hovered and selected node.
    const all = this.nodes.length <= 150 || k * Math.sqrt(1000 / this.nodes.length) > 1.4;
    context.font = `${11 / Math.max(k, 0.8)}px system-ui, sans-serif`;
    context.textAlign = "center";
    context.fillStyle = "#222";
    this.nodes.forEach((node, i) => {
      if (all || node === this.hovered || node === this.selected) {
        context.fillText(node.caption.slice(0, 32), points[i].x, points[i].y + node.radius + 11 / Math.max(k, 0.8));
      }
    });
  }

  /** The node under canvas point (x, y), if any. */
  nodeAt(x, y) {
    const world = this.toWorld(x, y);
    const slack = 3 / this.view.k;
    let best = -1;
    let bestDistance = Infinity;
    this.layout.nodes.forEach((n, i) => {
      const d = (n.x - world.x) ** 2 + (n.y - world.y) ** 2;
      const reach = (Math.max(this.nodes[i].radius, 2.5 / this.view.k) + slack) ** 2;
      if (d <= reach && d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    });
    return best;
  }

  listen() {
    const canvas = this.canvas;
    const local = (event) => {
      const box = canvas.getBoundingClientRect();
      return { x: event.clientX - box.left, y: event.clientY - box.top };
    };
    canvas.addEventListener("pointerdown", (event) => {
      const { x, y } = local(event);
      const index = this.nodeAt(x, y);
      this.autoFit = false;
      canvas.setPointerCapture(event.pointerId);
      this.gesture = { index, startX: x, startY: y, moved: false, view: { ...this.view } };
      if (index >= 0) {
        const node = this.layout.nodes[index];
        node.fx = node.x;
        node.fy = node.y;
      }
    });
    canvas.addEventListener("pointermove", (event) => {
      const { x, y } = local(event);
      const gesture = this.gesture;
      if (!gesture) return this.hover(x, y, event);
      if (Math.abs(x - gesture.startX) + Math.abs(y - gesture.startY) > 3) gesture.moved = true;
      if (gesture.index >= 0) {
        const world = this.toWorld(x, y);
        const node = this.layout.nodes[gesture.index];
        node.fx = world.x;
        node.fy = world.y;
        this.layout.reheat(0.3);
      } else {
        this.view.x = gesture.view.x + x - gesture.startX;
        this.view.y = gesture.view.y + y - gesture.startY;
      }
      this.dirty = true;
    });
    const release = () => {
      const gesture = this.gesture;
      this.gesture = null;
      if (!gesture || gesture.index < 0) return;
      const node = this.layout.nodes[gesture.index];
      node.fx = node.fy = null;
      if (!gesture.moved) this.select(gesture.index);
    };
    canvas.addEventListener("pointerup", release);
    canvas.addEventListener("pointercancel", release);
    canvas.addEventListener("dblclick", (event) => {
      const { x, y } = local(event);
      const index = this.nodeAt(x, y);
      if (index >= 0) this.onExpand(this.nodes[index].data);
    });
    canvas.addEventListener(
      "wheel",
      (event) => {
        event.preventDefault();
        this.autoFit = false;
        const { x, y } = local(event);
        const factor = Math.exp(-event.deltaY * 0.0015);
        const k = Math.min(8, Math.max(0.05, this.view.k * factor));
        const world = this.toWorld(x, y);
        this.view = { k, x: x - world.x * k, y: y - world.y * k };
        this.dirty = true;
      },
      { passive: false },
    );
    canvas.addEventListener("pointerleave", () => {
      this.tooltip.hidden = true;
      this.hovered = null;
      this.dirty = true;
    });
  }

  select(index) {
    this.tooltip.hidden = true;
    this.selected = this.nodes[index];
    this.dirty = true;
    this.onSelect(this.selected.data);
  }

  hover(x, y) {
    const index = this.nodeAt(x, y);
    const node = index >= 0 ? this.nodes[index] : null;
    if (node !== this.hovered) {
      this.hovered = node;
      this.dirty = true;
    }
    this.canvas.style.cursor = node ? "pointer" : "grab";
    if (!node) {
      this.tooltip.hidden = true;
      return;
    }
    this.tooltip.replaceChildren(tooltipContent(node));
    this.tooltip.hidden = false;
    // Beside the pointer, on whichever side keeps it inside the drawing (measured at the corner first,
    // where nothing narrows it).
    this.tooltip.style.left = "0px";
    this.tooltip.style.top = "0px";
    const { width, height } = this.canvas.getBoundingClientRect();
    const box = this.tooltip.getBoundingClientRect();
    const left = x + 14 + box.width > width ? Math.max(0, x - 14 - box.width) : x + 14;
    const top = y + 14 + box.height > height ? Math.max(0, y - 14 - box.height) : y + 14;
    this.tooltip.style.left = `${left}px`;
    this.tooltip.style.top = `${top}px`;
  }
}

function tooltipContent(node) {
  const fragment = document.createDocumentFragment();
  const title = document.createElement("strong");
  title.textContent = `${node.caption} (${node.data.labels.join(":") || node.kind})`;
  fragment.append(title);
  const id = document.createElement("div");
  id.className = "muted";
  id.textContent = node.id;
  fragment.append(id);
  for (const [key, value] of Object.entries(node.data.properties).slice(0, 12)) {
    const line = document.createElement("div");
    line.textContent = `${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`.slice(0, 160);
    fragment.append(line);
  }
  return fragment;
}
