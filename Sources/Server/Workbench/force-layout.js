// A force-directed layout for a few thousand nodes: many-body repulsion by Barnes–Hut (a quadtree
// whose far cells act as one body, O(n log n) per tick), springs along relationships, a gentle pull to
// the centre, and velocity damping. "alpha" cools each tick, as in d3-force, so the drawing settles;
// dragging a node warms it again.

const THETA2 = 0.81; // Barnes–Hut opening criterion θ = 0.9, squared.
const REPULSION = -110;
// Bodies further apart than this do not repel (d3's distanceMax): loose nodes stay near the rest
// instead of being pushed to a far ring by the whole graph's charge.
const DISTANCE_MAX2 = 450 * 450;
const LINK_DISTANCE = 55;
const VELOCITY_DECAY = 0.4;
export const ALPHA_MIN = 0.002;
const ALPHA_DECAY = 1 - Math.pow(ALPHA_MIN, 1 / 220);

export class ForceLayout {
  constructor() {
    this.nodes = []; // {id, x, y, vx, vy, fx, fy, degree}
    this.links = []; // {source: index, target: index}
    this.alpha = 0;
  }

  /** Takes new nodes and links, keeping the positions of nodes seen before (by id); a new node starts
   *  beside a placed neighbour if it has one, else on a spiral around the centre. */
  setGraph(nodeIds, links, previous = new Map()) {
    const index = new Map(nodeIds.map((id, i) => [id, i]));
    this.nodes = nodeIds.map((id) => {
      const old = previous.get(id);
      return old ? { id, x: old.x, y: old.y, vx: 0, vy: 0, fx: null, fy: null, degree: 0, placed: true } : { id, x: NaN, y: NaN, vx: 0, vy: 0, fx: null, fy: null, degree: 0, placed: false };
    });
    this.links = [];
    for (const [from, to] of links) {
      const source = index.get(from);
      const target = index.get(to);
      if (source === undefined || target === undefined || source === target) continue;
      this.links.push({ source, target });
      this.nodes[source].degree++;
      this.nodes[target].degree++;
    }
    this.placeNewNodes();
  }

  placeNewNodes() {
    const neighbours = new Map();
    for (const { source, target } of this.links) {
      if (!neighbours.has(source)) neighbours.set(source, []);
      if (!neighbours.has(target)) neighbours.set(target, []);
      neighbours.get(source).push(target);
      neighbours.get(target).push(source);
    }
    let spiral = 0;
    this.nodes.forEach((node, i) => {
      if (node.placed) return;
      const anchor = (neighbours.get(i) || []).map((j) => this.nodes[j]).find((other) => other.placed);
      if (anchor) {
        const angle = Math.random() * 2 * Math.PI;
        node.x = anchor.x + 20 * Math.cos(angle);
        node.y = anchor.y + 20 * Math.sin(angle);
      } else {
        // The phyllotaxis arrangement d3-force starts from: even, without overlaps.
        const radius = 10 * Math.sqrt(0.5 + spiral);
        const angle = spiral * Math.PI * (3 - Math.sqrt(5));
        node.x = radius * Math.cos(angle);
        node.y = radius * Math.sin(angle);
        spiral++;
      }
      node.placed = true;
    });
  }

  get settled() {
    return this.alpha < ALPHA_MIN;
  }

  reheat(alpha) {
    this.alpha = Math.max(this.alpha, alpha);
  }

  tick() {
    const alpha = this.alpha;
    this.applyLinks(alpha);
    this.applyRepulsion(alpha);
    for (const node of this.nodes) {
      // The centre pulls weakly, so separate components do not drift off.
      node.vx -= node.x * 0.01 * alpha;
      node.vy -= node.y * 0.01 * alpha;
      if (node.fx !== null) {
        node.x = node.fx;
        node.y = node.fy;
        node.vx = node.vy = 0;
      } else {
        node.vx *= 1 - VELOCITY_DECAY;
        node.vy *= 1 - VELOCITY_DECAY;
        node.x += node.vx;
        node.y += node.vy;
      }
    }
    this.alpha += (0 - this.alpha) * ALPHA_DECAY;
  }

  applyLinks(alpha) {
    const nodes = this.nodes;
    for (const { source, target } of this.links) {
      const a = nodes[source];
      const b = nodes[target];
      let dx = b.x + b.vx - a.x - a.vx || 1e-6;
      let dy = b.y + b.vy - a.y - a.vy || 1e-6;
      const distance = Math.sqrt(dx * dx + dy * dy);
      // Springs of well-connected nodes are weaker, so hubs do not collapse their neighbours.
      const strength = 1 / Math.min(a.degree, b.degree);
      const force = ((distance - LINK_DISTANCE) / distance) * alpha * strength;
      dx *= force;
      dy *= force;
      const bias = a.degree / (a.degree + b.degree);
      b.vx -= dx * bias;
      b.vy -= dy * bias;
      a.vx += dx * (1 - bias);
      a.vy += dy * (1 - bias);
    }
  }

  applyRepulsion(alpha) {
    if (!this.nodes.length) return;
    if (!this.tree || this.tree.capacity < this.nodes.length) this.tree = new Quadtree(this.nodes.length);
    this.tree.build(this.nodes);
    this.tree.repel(this.nodes, alpha);
  }
}

/**
 * A quadtree over the nodes in flat typed arrays (no object per cell, reused from tick to tick): each
 * cell has its square, its total charge and centre of charge, and either four children (stored side
 * by side) or a list of the bodies in it (more than one only where points coincide).
 */
class Quadtree {
  constructor(capacity) {
    this.capacity = capacity;
    const cells = capacity * 4 + 16;
    this.x = new Float64Array(cells);
    this.y = new Float64Array(cells);
    this.size = new Float64Array(cells);
    this.charge = new Float64Array(cells);
    this.cx = new Float64Array(cells);
    this.cy = new Float64Array(cells);
    this.child = new Int32Array(cells); // the first of four children, or -1 for a leaf
    this.body = new Int32Array(cells); // the first body of a leaf, or -1
    this.next = new Int32Array(capacity); // the next body in the same leaf, or -1
    this.count = 0;
    this.stack = new Int32Array(cells);
  }

  cell(x, y, size) {
    if (this.count === this.x.length) this.grow();
    const c = this.count++;
    this.x[c] = x;
    this.y[c] = y;
    this.size[c] = size;
    this.charge[c] = 0;
    this.cx[c] = 0;
    this.cy[c] = 0;
    this.child[c] = -1;
    this.body[c] = -1;
    return c;
  }

  grow() {
    for (const key of ["x", "y", "size", "charge", "cx", "cy", "child", "body", "stack"]) {
      const bigger = new this[key].constructor(this[key].length * 2);
      bigger.set(this[key]);
      this[key] = bigger;
    }
  }

  build(nodes) {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const n of nodes) {
      if (n.x < x0) x0 = n.x;
      if (n.y < y0) y0 = n.y;
      if (n.x > x1) x1 = n.x;
      if (n.y > y1) y1 = n.y;
    }
    this.count = 0;
    this.cell(x0, y0, Math.max(x1 - x0, y1 - y0, 1) * 1.0001);
    for (let i = 0; i < nodes.length; i++) this.insert(nodes, i);
    this.accumulate(nodes);
  }

  insert(nodes, i) {
    const px = nodes[i].x;
    const py = nodes[i].y;
    let c = 0;
    for (let depth = 0; ; depth++) {
      if (this.child[c] >= 0) {
        c = this.quadrant(c, px, py);
        continue;
      }
      const resident = this.body[c];
      // An empty leaf takes the body; a full one at the depth limit (coincident points) lists it.
      if (resident < 0 || depth > 30) {
        this.next[i] = resident;
        this.body[c] = i;
        return;
      }
      const half = this.size[c] / 2;
      const first = this.cell(this.x[c], this.y[c], half);
      this.cell(this.x[c] + half, this.y[c], half);
      this.cell(this.x[c], this.y[c] + half, half);
      this.cell(this.x[c] + half, this.y[c] + half, half);
      this.child[c] = first;
      this.body[c] = -1;
      let moving = resident;
      while (moving >= 0) {
        const following = this.next[moving];
        const target = this.quadrant(c, nodes[moving].x, nodes[moving].y);
        this.next[moving] = this.body[target];
        this.body[target] = moving;
        moving = following;
      }
      c = this.quadrant(c, px, py);
    }
  }

  quadrant(c, px, py) {
    const half = this.size[c] / 2;
    return this.child[c] + (px >= this.x[c] + half ? 1 : 0) + (py >= this.y[c] + half ? 2 : 0);
  }

  /** Charges and centres, children before parents: cells are made after their parents, so a pass
   *  from the last cell to the first sees every child before its parent. */
  accumulate(nodes) {
    for (let c = this.count - 1; c >= 0; c--) {
      let charge = 0;
      let sx = 0;
      let sy = 0;
      if (this.child[c] >= 0) {
        for (let k = this.child[c]; k < this.child[c] + 4; k++) {
          charge += this.charge[k];
          sx += this.cx[k] * this.charge[k];
          sy += this.cy[k] * this.charge[k];
        }
      } else {
        for (let b = this.body[c]; b >= 0; b = this.next[b]) {
          charge += 1;
          sx += nodes[b].x;
          sy += nodes[b].y;
        }
      }
      this.charge[c] = charge;
      this.cx[c] = charge ? sx / charge : 0;
      this.cy[c] = charge ? sy / charge : 0;
    }
  }

  repel(nodes, alpha) {
    const strength = REPULSION * alpha;
    // Locals, not properties, in the loop that runs a few hundred thousand times per tick.
    const { size, charge, cx, cy, child, body, next, stack } = this;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      const x = node.x;
      const y = node.y;
      let vx = 0;
      let vy = 0;
      let top = 0;
      stack[top++] = 0;
      while (top > 0) {
        const c = stack[--top];
        const q = charge[c];
        if (q === 0) continue;
        let dx = cx[c] - x;
        let dy = cy[c] - y;
        let d2 = dx * dx + dy * dy;
        const first = child[c];
        if (first >= 0) {
          if ((size[c] * size[c]) / THETA2 < d2) {
            if (d2 > DISTANCE_MAX2) continue;
            // Far enough: the whole cell acts as one body at its centre of charge.
            vx += (dx * strength * q) / d2;
            vy += (dy * strength * q) / d2;
          } else {
            stack[top++] = first;
            stack[top++] = first + 1;
            stack[top++] = first + 2;
            stack[top++] = first + 3;
          }
          continue;
        }
        for (let b = body[c]; b >= 0; b = next[b]) {
          if (b === i) continue;
          dx = nodes[b].x - x;
          dy = nodes[b].y - y;
          d2 = dx * dx + dy * dy;
          if (d2 > DISTANCE_MAX2) continue;
          if (d2 === 0) {
            dx = (Math.random() - 0.5) * 1e-3;
            dy = (Math.random() - 0.5) * 1e-3;
            d2 = dx * dx + dy * dy;
          }
          // Closer than a node's size counts as that size, so near neighbours do not fling each other.
          if (d2 < 25) d2 = Math.sqrt(25 * d2);
          vx += (dx * strength) / d2;
          vy += (dy * strength) / d2;
        }
      }
      node.vx += vx;
      node.vy += vy;
    }
  }
}
