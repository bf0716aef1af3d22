import { describe, expect, it } from "vitest";
import { clearDraft, draftDiffers, draftKey, loadDraft, saveDraft, type Draft, type DraftStorage } from "./drafts";

function memoryStorage(): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
}

const draft: Draft = { name: "n", jinja: "{{a}} ||| b", answerChoices: "x ||| y", baseVersion: 3, savedAt: "2026-11-26T14:00:00.000Z" };

describe("drafts", () => {
  it("keys drafts by template, or by dataset for a new template", () => {
    expect(draftKey({ templateId: "t1" })).toBe("promptpool:draft:template:t1");
    expect(draftKey({ datasetId: "d1" })).toBe("promptpool:draft:new:d1");
  });

  it("round-trips a draft and clears it", () => {
    const s = memoryStorage();
    expect(saveDraft(s, "k", draft)).toBe(true);
    expect(loadDraft(s, "k")).toEqual(draft);
    clearDraft(s, "k");
    expect(loadDraft(s, "k")).toBeNull();
  });

  it.each([
    ["not JSON", "{oops"],
    ["a different shape", JSON.stringify({ jinja: 1 })],
    ["a fractional base version", JSON.stringify({ ...draft, baseVersion: 1.5 })],
  ])("ignores %s", (_label, raw) => {
    const s = memoryStorage();
    s.map.set("k", raw);
    expect(loadDraft(s, "k")).toBeNull();
  });

  it("survives a storage that throws (full or disabled)", () => {
    const broken: DraftStorage = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
      removeItem: () => {
        throw new Error("SecurityError");
      },
    };
    expect(saveDraft(broken, "k", draft)).toBe(false);
    expect(loadDraft(broken, "k")).toBeNull();
    expect(() => clearDraft(broken, "k")).not.toThrow();
  });

  it("offers a draft only when it differs from what was loaded", () => {
    expect(draftDiffers(draft, { name: "n", jinja: "{{a}} ||| b", answerChoices: "x ||| y" })).toBe(false);
    expect(draftDiffers(draft, { name: "n", jinja: "{{a}}", answerChoices: "x ||| y" })).toBe(true);
  });

  it("keeps the metadata, unset flags included, and offers a draft whose metadata alone changed", () => {
    const s = memoryStorage();
    const metadata = { reference: "r", originalTask: null, choicesInPrompt: true, metrics: ["Accuracy"], languages: ["en"] };
    saveDraft(s, "k", { ...draft, metadata });
    expect(loadDraft(s, "k")).toEqual({ ...draft, metadata });
    const loaded = { name: "n", jinja: "{{a}} ||| b", answerChoices: "x ||| y" };
    expect(draftDiffers({ ...draft, metadata }, { ...loaded, metadata })).toBe(false);
    expect(draftDiffers({ ...draft, metadata }, { ...loaded, metadata: { ...metadata, originalTask: false } })).toBe(true);
  });

  it("reads a draft with malformed metadata as one without", () => {
    const s = memoryStorage();
    s.map.set("k", JSON.stringify({ ...draft, metadata: { reference: 1 } }));
    expect(loadDraft(s, "k")).toEqual(draft);
  });

  it("keeps an instruction template's kind and instruction, offers a draft whose instruction alone changed, drops a malformed one", () => {
    const s = memoryStorage();
    const instruction = { definition: "Do it.", positiveExamples: [{ input: "a", output: "b", explanation: "c" }], negativeExamples: [] };
    saveDraft(s, "k", { ...draft, kind: "instruction", instruction });
    expect(loadDraft(s, "k")).toEqual({ ...draft, kind: "instruction", instruction });
    const loaded = { name: "n", jinja: "{{a}} ||| b", answerChoices: "x ||| y" };
    expect(draftDiffers({ ...draft, instruction }, { ...loaded, instruction })).toBe(false);
    expect(draftDiffers({ ...draft, instruction }, { ...loaded, instruction: { ...instruction, definition: "Other." } })).toBe(true);
    expect(draftDiffers({ ...draft, instruction }, loaded)).toBe(true);
    s.map.set("k", JSON.stringify({ ...draft, kind: "other", instruction: { definition: "d", positiveExamples: [{ input: 1 }], negativeExamples: [] } }));
    expect(loadDraft(s, "k")).toEqual(draft);
  });
});
