import { describe, expect, it } from "vitest";
import { parseSearchParams, searchHref } from "./params";

describe("search URL", () => {
  it("parses filters leniently and drops bad values", () => {
    expect(parseSearchParams({ q: " tide ", state: "approved", original: "yes", choices: "maybe", page: "3", metric: ["BLEU", "ROUGE"] })).toMatchObject({
      q: "tide",
      state: "approved",
      originalTask: "yes",
      choicesInPrompt: null,
      page: 3,
      metric: "BLEU",
    });
    expect(parseSearchParams({ state: "deleted", page: "-1" })).toMatchObject({ state: null, page: 1 });
  });

  it("builds hrefs that parse back to the same search", () => {
    const href = searchHref({ q: "high tide", metric: "Accuracy", category: "uncategorised", originalTask: "no", page: 2 });
    expect(href).toBe("/search?q=high+tide&metric=Accuracy&original=no&category=uncategorised&page=2");
    const back = parseSearchParams(Object.fromEntries(new URL(href, "http://x").searchParams));
    expect(back).toMatchObject({ q: "high tide", metric: "Accuracy", category: "uncategorised", originalTask: "no", page: 2 });
    expect(searchHref({})).toBe("/search");
  });
});
