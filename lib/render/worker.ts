/**
 * Web Worker entry for the editor's live preview: renders templates over rows with the public
 * API, off the page's thread (and, per the style guide, inside a sandboxed iframe's worker).
 *
 * Protocol (one response per request, same `id`):
 *   request  { id, templates: TemplateSource[], rows: string, seedBase?: number, seeds?: number[], limits?: Partial<RenderLimits> }
 *            row i is seeded with seeds[i] when given (rows picked out of order: the seed is the
 *            row's index in its split, P3's convention), else with seedBase + i.
 *            `rows` is the JSON text of an array of row objects: structured cloning would lose
 *            Python's int/float distinction (3 vs 3.0), parsePyJson keeps it.
 *   response { id, ok: true, results: RenderResult[] }   in template order, then row order
 *          | { id, ok: false, error }                    the request itself was malformed
 * No DOM or Node imports.
 */
import { applyTemplate, prepareTemplate, type PreparedTemplate, type RenderLimits, type TemplateSource } from "./index";
import { parsePyJson } from "./py-json";
import { PyDict } from "./values";

export interface RenderRequest {
  id: string | number;
  templates: TemplateSource[];
  rows: string;
  seedBase?: number;
  seeds?: number[];
  limits?: Partial<RenderLimits>;
}

export interface RenderResult {
  templateId: string;
  rowIndex: number;
  parts: string[] | null;
  answerChoices: string[] | null;
  error: string | null;
}

export type RenderResponse =
  /** `engineMs`: time spent in the worker reading the rows and rendering (what a keystroke costs the engine). */
  | { id: string | number | null; ok: true; results: RenderResult[]; engineMs: number }
  | { id: string | number | null; ok: false; error: string };

const LIMIT_KEYS = ["maxSteps", "maxOutputChars", "maxDepth", "timeoutMs"] as const;

/** Prepared templates of recent requests: the preview re-renders the same template on every keystroke in the rows. */
const cache = new Map<string, PreparedTemplate>();
const CACHE_SIZE = 64;

function prepared(source: TemplateSource): PreparedTemplate {
  const key = JSON.stringify([source.id, source.name, source.jinja, source.answerChoices]);
  let t = cache.get(key);
  if (t) {
    cache.delete(key);
  } else {
    t = prepareTemplate({ id: source.id, name: source.name, jinja: source.jinja, answerChoices: source.answerChoices });
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, t);
  return t;
}

/** The worker's whole behaviour, as a pure function of the message (tested without a worker). */
export function handleRenderMessage(data: unknown): RenderResponse {
  const msg = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  const id = typeof msg.id === "string" || typeof msg.id === "number" ? msg.id : null;
  const fail = (error: string): RenderResponse => ({ id, ok: false, error });

  if (id === null) return fail("request needs an id (string or number)");
  if (!Array.isArray(msg.templates)) return fail("templates must be an array");
  const sources: TemplateSource[] = [];
  for (const [i, t] of (msg.templates as unknown[]).entries()) {
    const s = (typeof t === "object" && t !== null ? t : {}) as Record<string, unknown>;
    if (typeof s.id !== "string" || typeof s.name !== "string" || typeof s.jinja !== "string") {
      return fail(`templates[${i}] needs string id, name and jinja`);
    }
    if (s.answerChoices !== null && s.answerChoices !== undefined && typeof s.answerChoices !== "string") {
      return fail(`templates[${i}].answerChoices must be a string or null`);
    }
    sources.push({ id: s.id, name: s.name, jinja: s.jinja, answerChoices: (s.answerChoices as string | null | undefined) ?? null });
  }
  const seedBase = msg.seedBase ?? 0;
  if (typeof seedBase !== "number" || !Number.isSafeInteger(seedBase)) return fail("seedBase must be an integer");
  const seeds = msg.seeds;
  if (seeds !== undefined && (!Array.isArray(seeds) || !seeds.every((x) => typeof x === "number" && Number.isSafeInteger(x)))) {
    return fail("seeds must be an array of integers");
  }
  const limits: Partial<RenderLimits> = {};
  if (msg.limits !== undefined) {
    if (typeof msg.limits !== "object" || msg.limits === null) return fail("limits must be an object");
    for (const k of LIMIT_KEYS) {
      const v = (msg.limits as Record<string, unknown>)[k];
      if (v === undefined) continue;
      if (typeof v !== "number" || !(v > 0)) return fail(`limits.${k} must be a positive number`);
      limits[k] = v;
    }
  }
  if (typeof msg.rows !== "string") return fail("rows must be the JSON text of an array of objects");
  const started = performance.now();
  let rows: unknown;
  try {
    rows = parsePyJson(msg.rows);
  } catch (e) {
    return fail(`rows: ${(e as Error).message}`);
  }
  if (!Array.isArray(rows)) return fail("rows must be a JSON array of objects");
  for (const [i, r] of rows.entries()) if (!(r instanceof PyDict)) return fail(`rows[${i}] must be a JSON object`);
  if (seeds !== undefined && seeds.length !== rows.length) return fail("seeds must have one seed per row");

  const results: RenderResult[] = [];
  for (const source of sources) {
    const t = prepared(source);
    (rows as PyDict[]).forEach((row, rowIndex) => {
      const seed = seeds !== undefined ? (seeds as number[])[rowIndex] : seedBase + rowIndex;
      const r = applyTemplate(t, row, { seed, limits });
      results.push({ templateId: source.id, rowIndex, parts: r.parts, answerChoices: r.answerChoices, error: r.error });
    });
  }
  return { id, ok: true, results, engineMs: performance.now() - started };
}

interface WorkerScope {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
}

// Only inside a worker (WorkerGlobalScope exists there, not in Node or on a page).
const scope = globalThis as unknown as WorkerScope & { WorkerGlobalScope?: unknown };
if (typeof scope.WorkerGlobalScope !== "undefined" && typeof scope.postMessage === "function") {
  scope.onmessage = (event) => {
    let response: RenderResponse;
    try {
      response = handleRenderMessage(event.data);
    } catch (e) {
      // applyTemplate never throws by contract; this keeps the preview alive if it ever does.
      const data = event.data as { id?: unknown } | null;
      const id = typeof data?.id === "string" || typeof data?.id === "number" ? data.id : null;
      response = { id, ok: false, error: `internal error: ${e instanceof Error ? e.message : String(e)}` };
    }
    scope.postMessage(response);
  };
}
