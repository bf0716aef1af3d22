/**
 * A local stand-in for the Hugging Face dataset viewer API, for unit tests and e2e (this machine
 * has no internet). Answers /splits, /info, /first-rows and /rows with the real shapes, floats
 * written as 3.0, and the errors the real server gives:
 * - `acme/reviews`: config "default", splits train (230 rows) and test (12 rows); text, a
 *   ClassLabel, a float, a list and a dict column;
 * - `acme/multi`: configs "en" and "fr", split train (5 rows each);
 * - `acme/busy`: the first 2 answers of each endpoint are HTTP 500 "not ready", then as reviews;
 * - `acme/slow`: every answer waits `slowMs` (default 1500 ms);
 * - `acme/gated`: 401 without `Authorization: Bearer hf_fake_token`;
 * - anything else: 404 as the real server words it.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_HUB_TOKEN = "hf_fake_token";
const NOT_FOUND =
  "The dataset does not exist, or is not accessible without authentication (private or gated). Please check the spelling of the dataset name or retry with authentication.";

interface FakeConfig {
  features: string; // the /info features JSON text
  featureList: string; // the /rows features JSON text
  splits: Record<string, string[]>; // row JSON texts per split
}

const REVIEW_FEATURES = `{"text": {"dtype": "string", "_type": "Value"}, "label": {"names": ["negative", "positive"], "_type": "ClassLabel"}, "score": {"dtype": "float64", "_type": "Value"}, "tags": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "List"}, "meta": {"source": {"dtype": "string", "_type": "Value"}, "votes": {"dtype": "int64", "_type": "Value"}}}`;
const REVIEW_FEATURE_LIST = `[{"feature_idx": 0, "name": "text", "type": {"dtype": "string", "_type": "Value"}}, {"feature_idx": 1, "name": "label", "type": {"names": ["negative", "positive"], "_type": "ClassLabel"}}, {"feature_idx": 2, "name": "score", "type": {"dtype": "float64", "_type": "Value"}}, {"feature_idx": 3, "name": "tags", "type": {"feature": {"dtype": "string", "_type": "Value"}, "_type": "List"}}, {"feature_idx": 4, "name": "meta", "type": {"source": {"dtype": "string", "_type": "Value"}, "votes": {"dtype": "int64", "_type": "Value"}}}]`;

function reviewRow(split: string, i: number): string {
  const label = i % 2;
  const score = (i % 5) + (i % 2 ? 0.5 : 0); // 0.0, 1.5, 2.0, 3.5, ... : whole floats print as 3.0
  return `{"text": ${JSON.stringify(`${split} review ${i}: ${label ? "loved it" : "not for me"}`)}, "label": ${label}, "score": ${score.toFixed(1)}, "tags": ${JSON.stringify(i % 3 ? ["fake", split] : [])}, "meta": {"source": "fake-hub", "votes": ${i * 3}}}`;
}

const reviews: FakeConfig = {
  features: REVIEW_FEATURES,
  featureList: REVIEW_FEATURE_LIST,
  splits: {
    train: Array.from({ length: 230 }, (_, i) => reviewRow("train", i)),
    test: Array.from({ length: 12 }, (_, i) => reviewRow("test", i)),
  },
};

function simple(lang: string): FakeConfig {
  return {
    features: `{"sentence": {"dtype": "string", "_type": "Value"}, "idx": {"dtype": "int32", "_type": "Value"}}`,
    featureList: `[{"feature_idx": 0, "name": "sentence", "type": {"dtype": "string", "_type": "Value"}}, {"feature_idx": 1, "name": "idx", "type": {"dtype": "int32", "_type": "Value"}}]`,
    splits: { train: Array.from({ length: 5 }, (_, i) => `{"sentence": "${lang} sentence ${i}", "idx": ${i}}`) },
  };
}

const DATASETS: Record<string, Record<string, FakeConfig>> = {
  "acme/reviews": { default: reviews },
  "acme/busy": { default: reviews },
  "acme/slow": { default: reviews },
  "acme/gated": { default: reviews },
  "acme/multi": { en: simple("en"), fr: simple("fr") },
};

export interface FakeHub {
  url: string;
  /** every request's path and query, in order */
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeHub(options: { port?: number; slowMs?: number; busyAnswers?: number } = {}): Promise<FakeHub> {
  const requests: string[] = [];
  const busyCount = new Map<string, number>();
  const slowMs = options.slowMs ?? 1500;
  const busyAnswers = options.busyAnswers ?? 2;

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake-hub");
    requests.push(url.pathname + url.search);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(body);
    };
    const dataset = url.searchParams.get("dataset") ?? "";
    const configs = DATASETS[dataset];
    const answer = () => {
      if (!configs) return send(404, JSON.stringify({ error: NOT_FOUND }), { "x-error-code": "DatasetNotFoundError" });
      if (dataset === "acme/gated" && req.headers.authorization !== `Bearer ${FAKE_HUB_TOKEN}`) {
        return send(401, JSON.stringify({ error: NOT_FOUND }), { "x-error-code": "ExternalUnauthenticatedError" });
      }
      if (dataset === "acme/busy") {
        const n = (busyCount.get(url.pathname) ?? 0) + 1;
        busyCount.set(url.pathname, n);
        if (n <= busyAnswers) {
          return send(500, JSON.stringify({ error: "The response is not ready yet. Please retry later." }), { "x-error-code": "ResponseNotReady" });
        }
      }
      const configName = url.searchParams.get("config") ?? "";
      const split = url.searchParams.get("split") ?? "";
      if (url.pathname === "/splits") {
        const splits = Object.entries(configs).flatMap(([config, c]) => Object.keys(c.splits).map((s) => ({ dataset, config, split: s })));
        return send(200, JSON.stringify({ splits, pending: [], failed: [] }));
      }
      const config = configs[configName];
      if (!config) return send(404, JSON.stringify({ error: "Not found." }), { "x-error-code": "ConfigNotFoundError" });
      if (url.pathname === "/info") {
        const splits = Object.fromEntries(Object.entries(config.splits).map(([name, rows]) => [name, { name, num_bytes: rows.join("").length, num_examples: rows.length, dataset_name: dataset }]));
        return send(200, `{"dataset_info": {"description": "A fake dataset served by the local fake Hub.", "citation": "", "homepage": "", "license": "cc0-1.0", "features": ${config.features}, "splits": ${JSON.stringify(splits)}, "config_name": ${JSON.stringify(configName)}}, "partial": false}`);
      }
      const rows = config.splits[split];
      if (!rows) return send(404, JSON.stringify({ error: "Not found." }), { "x-error-code": "SplitNotFoundError" });
      const page = (offset: number, length: number) =>
        rows
          .slice(offset, offset + length)
          .map((r, i) => `{"row_idx": ${offset + i}, "row": ${r}, "truncated_cells": []}`)
          .join(", ");
      if (url.pathname === "/first-rows") {
        return send(200, `{"dataset": ${JSON.stringify(dataset)}, "config": ${JSON.stringify(configName)}, "split": ${JSON.stringify(split)}, "features": ${config.featureList}, "rows": [${page(0, 100)}], "truncated": ${rows.length > 100}}`);
      }
      if (url.pathname === "/rows") {
        const offset = Number(url.searchParams.get("offset") ?? 0);
        const length = Number(url.searchParams.get("length") ?? 100);
        if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0 || length > 100) {
          return send(422, JSON.stringify({ error: "Parameter 'length' must not be greater than 100" }), { "x-error-code": "ParameterInvalid" });
        }
        return send(200, `{"features": ${config.featureList}, "rows": [${page(offset, length)}], "num_rows_total": ${rows.length}, "num_rows_per_page": 100, "partial": false}`);
      }
      send(404, JSON.stringify({ error: "Not found." }));
    };
    if (dataset === "acme/slow") setTimeout(answer, slowMs);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
