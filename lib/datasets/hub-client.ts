/**
 * The Hugging Face dataset viewer API (https://datasets-server.huggingface.co by default; the base
 * URL is PROMPTPOOL_HUB_URL): /splits, /info, /first-rows, /rows. Framework-free; `fetch` is
 * injectable. A busy answer (HTTP 5xx, 429, "not ready", a timeout) is retried with exponential
 * backoff; 404 and 401/403 are final and say what to check. Answers are read with
 * lib/render/py-json so that a float 3.0 in a row stays a float.
 */
import { validationError } from "@/lib/errors";
import { parsePyJson } from "@/lib/render/py-json";
import { PyDict, PyFloat, type PyValue } from "@/lib/render/values";
import { featuresFromList, normalizeFeatures, type Features } from "./features";

export interface HubClientOptions {
  baseUrl: string;
  token?: string | null;
  /** attempts after the first for a busy answer (default 4) */
  retries?: number;
  /** first backoff; doubles each retry (default 500 ms) */
  backoffMs?: number;
  /** per request (default 30 s); a timeout counts as busy */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** called before each retry, e.g. to show "busy, retrying" */
  onRetry?: (info: { path: string; attempt: number; waitMs: number; reason: string }) => void;
}

export interface HubSplit {
  config: string;
  split: string;
}

export interface HubInfo {
  features: Features;
  splits: { name: string; numExamples: number | null }[];
  description: string;
  citation: string;
  license: string;
}

export interface HubRowsPage {
  features: Features;
  rows: { rowIdx: number; row: PyDict; truncated: boolean }[];
  total: number | null;
}

/** The most rows /rows returns per request. */
export const HUB_PAGE_SIZE = 100;

class BusyError extends Error {}

const sleepFor = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(signal.reason);
    });
  });

function plain(v: PyValue | undefined): unknown {
  if (v instanceof PyDict) {
    const o: Record<string, unknown> = {};
    for (const [k, val] of v.entriesView()) o[String(k)] = plain(val);
    return o;
  }
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof PyFloat) return v.value;
  return v ?? null;
}

export class HubClient {
  private readonly base: string;
  constructor(private readonly options: HubClientOptions) {
    this.base = options.baseUrl.replace(/\/+$/, "");
  }

  private async request(path: string, params: Record<string, string | number>, dataset: string): Promise<PyDict> {
    const url = `${this.base}${path}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;
    const retries = this.options.retries ?? 4;
    const backoff = this.options.backoffMs ?? 500;
    const doFetch = this.options.fetch ?? fetch;
    const sleep = this.options.sleep ?? ((ms: number) => sleepFor(ms, this.options.signal));
    for (let attempt = 0; ; attempt++) {
      let reason: string;
      try {
        return await this.once(doFetch, url, path, dataset);
      } catch (e) {
        if (!(e instanceof BusyError)) throw e;
        reason = e.message;
      }
      if (attempt >= retries) {
        throw validationError(`The Hub is busy and did not answer ${path} for ${dataset} after ${retries + 1} tries (${reason}); try again later`);
      }
      const waitMs = backoff * 2 ** attempt;
      this.options.onRetry?.({ path, attempt: attempt + 1, waitMs, reason });
      await sleep(waitMs);
    }
  }

  private async once(doFetch: typeof fetch, url: string, path: string, dataset: string): Promise<PyDict> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 30_000);
    const signal = this.options.signal ? AbortSignal.any([this.options.signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        headers: { accept: "application/json", ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}) },
        signal,
      });
      text = await response.text();
    } catch (e) {
      if (this.options.signal?.aborted) throw e;
      if (timeout.aborted) throw new BusyError("no answer in time");
      throw validationError(`The Hub at ${this.base} cannot be reached (${e instanceof Error ? e.message : String(e)})`);
    }
    let body: PyValue = null;
    try {
      body = parsePyJson(text);
    } catch {
      // an HTML error page from a proxy: the status code decides below
    }
    const hubMessage = body instanceof PyDict && typeof body.get("error") === "string" ? String(body.get("error")) : "";
    if (response.status >= 500 || response.status === 429) throw new BusyError(hubMessage || `HTTP ${response.status}`);
    if (response.status === 404) {
      throw validationError(`The Hub has no dataset "${dataset}" (or it is private or gated: give a token)${hubMessage ? `: ${hubMessage}` : ""}`);
    }
    if (response.status === 401 || response.status === 403) {
      throw validationError(`The Hub refused access to "${dataset}": ${this.options.token ? "the token does not give access" : "it needs a token (gated or private dataset)"}`);
    }
    if (!response.ok) throw validationError(`The Hub answered ${path} with HTTP ${response.status}${hubMessage ? `: ${hubMessage}` : ""}`);
    if (!(body instanceof PyDict)) throw validationError(`The Hub's answer to ${path} is not a JSON object`);
    return body;
  }

  async splits(dataset: string): Promise<HubSplit[]> {
    const body = await this.request("/splits", { dataset }, dataset);
    const list = body.get("splits");
    if (!Array.isArray(list)) throw validationError(`The Hub's /splits answer for ${dataset} has no splits`);
    const out = list
      .filter((s): s is PyDict => s instanceof PyDict)
      .map((s) => ({ config: String(s.get("config") ?? ""), split: String(s.get("split") ?? "") }))
      .filter((s) => s.config && s.split);
    if (out.length === 0) throw validationError(`The Hub lists no splits for ${dataset} yet (still being processed?); try again later`);
    return out;
  }

  async info(dataset: string, config: string): Promise<HubInfo> {
    const body = await this.request("/info", { dataset, config }, dataset);
    const info = body.get("dataset_info");
    if (!(info instanceof PyDict)) throw validationError(`The Hub's /info answer for ${dataset} (${config}) has no dataset_info`);
    const splits = info.get("splits");
    const text = (k: string) => (typeof info.get(k) === "string" ? String(info.get(k)) : "");
    return {
      features: normalizeFeatures(plain(info.get("features"))),
      splits:
        splits instanceof PyDict
          ? [...splits.entriesView()].map(([name, s]) => {
              const n = s instanceof PyDict ? s.get("num_examples") : null;
              return { name: String(name), numExamples: typeof n === "number" ? n : null };
            })
          : [],
      description: text("description"),
      citation: text("citation"),
      license: text("license"),
    };
  }

  private page(body: PyDict): HubRowsPage {
    const features = body.get("features");
    const rows = body.get("rows");
    const total = body.get("num_rows_total");
    return {
      features: Array.isArray(features) ? featuresFromList(plain(features) as { name: string; type: unknown }[]) : {},
      rows: (Array.isArray(rows) ? rows : [])
        .filter((r): r is PyDict => r instanceof PyDict && r.get("row") instanceof PyDict)
        .map((r) => {
          const cut = r.get("truncated_cells");
          return { rowIdx: Number(r.get("row_idx") ?? 0), row: r.get("row") as PyDict, truncated: Array.isArray(cut) && cut.length > 0 };
        }),
      total: typeof total === "number" ? total : null,
    };
  }

  async firstRows(dataset: string, config: string, split: string): Promise<HubRowsPage> {
    return this.page(await this.request("/first-rows", { dataset, config, split }, dataset));
  }

  async rows(dataset: string, config: string, split: string, offset: number, length: number): Promise<HubRowsPage> {
    const n = Math.min(HUB_PAGE_SIZE, Math.max(1, length));
    return this.page(await this.request("/rows", { dataset, config, split, offset, length: n }, dataset));
  }
}
