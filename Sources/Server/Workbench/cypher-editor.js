// The query editor: a textarea (so typing, selection, undo and the clipboard are the browser's own)
// over a highlighted copy of its text, kept in step as it changes and scrolls. An error's line and
// column are marked in the copy, and the caret is put there.

const KEYWORDS = new Set(
  `EXPLAIN PROFILE MATCH OPTIONAL WHERE RETURN WITH UNWIND AS ORDER BY ASC ASCENDING DESC DESCENDING SKIP LIMIT
  CREATE MERGE ON SET DELETE DETACH REMOVE CALL YIELD UNION ALL DISTINCT AND OR XOR NOT IN IS NULL
  TRUE FALSE CASE WHEN THEN ELSE END STARTS ENDS CONTAINS EXISTS COUNT OF`
    .split(/\s+/)
    .filter(Boolean),
);

/** The tokens of `text`: [{type, text}] with types keyword, string, number, comment, parameter,
 *  label, function, variable, punctuation, space. Unknown characters are punctuation; the tokens
 *  always concatenate back to `text`. */
export function tokenize(text) {
  const tokens = [];
  const pattern =
    /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|('(?:[^'\\]|\\.)*'?|"(?:[^"\\]|\\.)*"?)|(`[^`]*`?)|(\$[A-Za-z_][A-Za-z0-9_]*|\$`[^`]*`?)|(\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(\s+)|([\s\S])/gy;
  let match;
  let previous = null;
  while ((match = pattern.exec(text)) !== null) {
    const [whole, comment, string, quoted, parameter, number, word, space] = match;
    let type = "punctuation";
    if (comment) type = "comment";
    else if (string) type = "string";
    else if (quoted || word) type = classifyWord(whole, previous, text, pattern.lastIndex);
    else if (parameter) type = "parameter";
    else if (number) type = "number";
    else if (space) type = "space";
    tokens.push({ type, text: whole });
    if (type !== "space") previous = whole;
  }
  return tokens;
}

function classifyWord(word, previous, text, end) {
  if (previous === ":") return "label";
  const call = /^\s*\(/.test(text.slice(end, end + 40));
  const upper = word.toUpperCase();
  // count( and exists( are calls; COUNT { and EXISTS { are subqueries, keywords like MATCH.
  if ((upper === "COUNT" || upper === "EXISTS") && call) return "function";
  if (!word.startsWith("`") && KEYWORDS.has(upper)) return "keyword";
  return call ? "function" : "variable";
}

function escapeHTML(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/** The offset of 1-based `line` and `column` in `text`. */
export function offsetOf(text, line, column) {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + Math.max(column - 1, 0), text.length);
}

export class CypherEditor {
  constructor(textarea, highlight, onRun) {
    this.textarea = textarea;
    this.highlight = highlight;
    this.error = null;
    textarea.addEventListener("input", () => {
      this.error = null;
      this.render();
    });
    textarea.addEventListener("scroll", () => this.syncScroll());
    textarea.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        onRun();
      } else if (event.key === "Tab" && !event.shiftKey) {
        event.preventDefault();
        document.execCommand("insertText", false, "  ");
      }
    });
    this.render();
  }

  get value() {
    return this.textarea.value;
  }

  set value(text) {
    this.textarea.value = text;
    this.error = null;
    this.render();
  }

  /** Marks the character at `line`:`column` (1-based) as the place of an error, and puts the caret there. */
  markError(line, column, message) {
    const offset = offsetOf(this.value, line, column);
    this.error = { offset, message };
    this.render();
    this.textarea.focus();
    this.textarea.setSelectionRange(offset, offset);
  }

  clearError() {
    this.error = null;
    this.render();
  }

  render() {
    const text = this.value;
    let html = "";
    let offset = 0;
    const errorAt = this.error ? this.error.offset : -1;
    for (const token of tokenize(text)) {
      const end = offset + token.text.length;
      if (errorAt >= offset && errorAt < end) {
        const before = token.text.slice(0, errorAt - offset);
        const at = token.text.slice(errorAt - offset, errorAt - offset + 1);
        const after = token.text.slice(errorAt - offset + 1);
        html += this.span(token.type, before) + this.errorMark(at) + this.span(token.type, after);
      } else {
        html += this.span(token.type, token.text);
      }
      offset = end;
    }
    if (errorAt >= text.length) html += this.errorMark(" ");
    // A trailing newline needs a character after it to take up its line in the copy.
    this.highlight.innerHTML = html + "\n ";
    this.syncScroll();
  }

  span(type, text) {
    if (!text) return "";
    return type === "space" ? escapeHTML(text) : `<span class="tok-${type}">${escapeHTML(text)}</span>`;
  }

  errorMark(text) {
    const title = this.error ? ` title="${escapeHTML(this.error.message)}"` : "";
    return `<mark class="error-mark"${title}>${escapeHTML(text === "\n" ? " \n" : text || " ")}</mark>`;
  }

  syncScroll() {
    this.highlight.scrollTop = this.textarea.scrollTop;
    this.highlight.scrollLeft = this.textarea.scrollLeft;
  }
}
