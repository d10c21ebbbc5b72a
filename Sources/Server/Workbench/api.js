// The workbench's only way to the server: same-origin requests to the HTTP API, with the token the
// user gave (kept in session storage: gone when the tab closes, never in a URL, never sent elsewhere).

const TOKEN_KEY = "kennis.token";

/** An error answered by the server: its code, message and, for a query, line and column. */
export class APIError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `HTTP ${status}`);
    this.status = status;
    this.code = error.code || "HTTPError";
    this.detail = error.detail;
    this.line = error.line;
    this.column = error.column;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || "";
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** A route of the API relative to the page, so that the workbench also works behind a reverse proxy
 *  that serves Kennis under a path of its own (`https://host/kennis/`). */
function route(path) {
  return path.replace(/^\/+/, "");
}

function headers(extra = {}) {
  const all = { Accept: "application/json", ...extra };
  const secret = token();
  if (secret) all.Authorization = `Bearer ${secret}`;
  return all;
}

async function answer(response) {
  const text = await response.text();
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    throw new APIError(response.status, { error: { message: text.slice(0, 300) } });
  }
  if (!response.ok) throw new APIError(response.status, body);
  return body;
}

/** GET a JSON route; `parameters` become the query string. */
export async function get(path, parameters = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== "") query.set(name, String(value));
  }
  const url = query.size ? `${route(path)}?${query}` : route(path);
  return answer(await fetch(url, { headers: headers(), cache: "no-store" }));
}

/** Runs a query (a write when it writes and the token may); `asOf` is a seq or null for now. */
export async function query(text, params = {}, asOf = null) {
  const body = { query: text, params };
  if (asOf !== null && asOf !== undefined) body.as_of = asOf;
  const response = await fetch(route("/query"), {
    method: "POST",
    headers: headers({ "Content-Type": "application/json" }),
    body: JSON.stringify(body),
  });
  return answer(response);
}

/**
 * Follows the event stream after `after`, calling `onEvent(event)` for each; reconnects after a
 * pause when the connection drops. Returns a function that stops it. It reads the stream with fetch
 * rather than EventSource, which cannot send the token in a header.
 */
export function follow(after, onEvent, onState) {
  let stopped = false;
  let controller = null;
  let last = after;
  async function run() {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch(route(`/events/stream?after=${last}`), {
          headers: headers({ Accept: "text/event-stream" }),
          signal: controller.signal,
        });
        if (!response.ok) throw await answer(response).catch((error) => error);
        onState("live");
        await readEvents(response.body, (event) => {
          last = Math.max(last, event.seq);
          onEvent(event);
        });
      } catch (error) {
        if (stopped) return;
        onState("offline", error);
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  run();
  return () => {
    stopped = true;
    if (controller) controller.abort();
  };
}

async function readEvents(stream, onEvent) {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split("\n")
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).trimStart())
        .join("\n");
      const type = block.split("\n").find((line) => line.startsWith("event:"));
      if (data && (!type || type.slice(6).trim() === "event")) onEvent(JSON.parse(data));
    }
  }
}
