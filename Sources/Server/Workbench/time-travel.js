// Time: a slider over the log, from seq 0 (empty) to the head, naming the seq and when it was
// recorded; moving it re-runs the current query AS OF that position. At the right end it follows the
// head as new events land. "What changed" compares two positions, as `kennis diff` does.

import * as api from "./api.js";

export class TimeTravel {
  constructor(elements, { onPosition, onDiff }) {
    this.elements = elements;
    this.onPosition = onPosition;
    this.onDiff = onDiff;
    this.head = 0;
    this.points = []; // [{seq, recorded_at}] sampled over the log, for the dates
    const { slider, now, diffButton, clearButton } = elements;
    slider.addEventListener("input", () => {
      this.label();
      this.onPosition(this.position());
    });
    now.addEventListener("click", () => {
      slider.value = String(this.head);
      this.label();
      this.onPosition(null);
    });
    diffButton.addEventListener("click", () => this.diff());
    clearButton.addEventListener("click", () => {
      this.elements.diffList.replaceChildren();
      clearButton.hidden = true;
      this.onDiff(null);
    });
  }

  /** The position the slider names: null at the head (now, following new events), else a seq. */
  position() {
    const seq = Number(this.elements.slider.value);
    return seq >= this.head ? null : seq;
  }

  async setHead(head) {
    const following = this.position() === null;
    this.head = head;
    this.elements.slider.max = String(head);
    if (following) this.elements.slider.value = String(head);
    if (!this.elements.diffTo.value) this.elements.diffTo.placeholder = String(head);
    const stale = !this.points.length || this.points[this.points.length - 1].seq < head;
    if (stale && !this.points.length) await this.loadTimeline();
    else if (stale && !this.reloading) {
      // A burst of new events asks for the timeline once, a second after the first of them.
      this.reloading = setTimeout(async () => {
        await this.loadTimeline();
        this.reloading = null;
        this.label();
      }, 1000);
    }
    this.label();
  }

  async loadTimeline() {
    try {
      this.points = (await api.get("/timeline", { points: 400 })).points;
    } catch {
      this.points = [];
    }
  }

  /** When `seq` was recorded: the time of the nearest sampled seq at or before it. */
  timeOf(seq) {
    let time = null;
    for (const point of this.points) {
      if (point.seq > seq) break;
      time = point.recorded_at;
    }
    return time;
  }

  label() {
    const seq = Number(this.elements.slider.value);
    const time = this.timeOf(seq);
    const when = time ? ` · ${time.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC")}` : "";
    this.elements.label.textContent = seq >= this.head ? `now · seq ${this.head}${when}` : `as of seq ${seq}${when}`;
    this.elements.slider.setAttribute("aria-valuetext", this.elements.label.textContent);
    this.elements.diffFrom.placeholder = String(seq >= this.head ? Math.max(0, this.head - 1) : seq);
  }

  async diff() {
    const { diffFrom, diffTo, diffList, clearButton } = this.elements;
    const from = diffFrom.value.trim() || diffFrom.placeholder;
    const to = diffTo.value.trim() || String(this.head);
    diffList.replaceChildren(Object.assign(document.createElement("p"), { textContent: "Comparing…", className: "muted" }));
    try {
      const diff = await api.get("/diff", { from, to });
      diffList.replaceChildren(...summary(diff));
      clearButton.hidden = false;
      this.onDiff(diff);
    } catch (error) {
      diffList.replaceChildren(Object.assign(document.createElement("p"), { textContent: error.message, className: "error" }));
    }
  }
}

function summary(diff) {
  const parts = [];
  const count = (changes, kind) => changes.filter((c) => c.change === kind).length;
  const order = { added: 0, removed: 1, changed: 2 };
  const all = diff.entities.concat(diff.relationships).sort((a, b) => order[a.change] - order[b.change]);
  const head = document.createElement("p");
  head.textContent =
    `seq ${diff.from} → ${diff.to}: ${count(all, "added")} added, ${count(all, "removed")} removed, ` + `${count(all, "changed")} changed`;
  parts.push(head);
  const list = document.createElement("ul");
  list.className = "diff";
  for (const change of all.slice(0, 500)) {
    const item = document.createElement("li");
    item.className = `diff-${change.change}`;
    const mark = { added: "+", removed: "−", changed: "~" }[change.change];
    const keys = Object.keys(change.properties);
    item.textContent = `${mark} ${change.id} (${change.summary})${keys.length ? `: ${keys.join(", ")}` : ""}`;
    list.append(item);
  }
  parts.push(list);
  return parts;
}
