import { describe, expect, it } from "vitest";
import { lineNotesFor, mapLines, type LineComment } from "./line-notes";

const comment = (c: Partial<LineComment>): LineComment => ({
  id: "c1",
  versionNumber: 1,
  parentId: null,
  line: 1,
  body: "why?",
  resolved: false,
  authorName: "Rev",
  ...c,
});

describe("mapLines", () => {
  it("follows lines moved down by an insertion and marks replaced lines", () => {
    expect(mapLines("a\nb\nc", "new\na\nb\nc")).toEqual([
      { line: 2, kept: true },
      { line: 3, kept: true },
      { line: 4, kept: true },
    ]);
    // b was rewritten: it maps to where its replacement starts.
    expect(mapLines("a\nb\nc", "a\nB!\nc")).toEqual([
      { line: 1, kept: true },
      { line: 2, kept: false },
      { line: 3, kept: true },
    ]);
  });

  it("places a removed last line on the new last line", () => {
    expect(mapLines("a\nb", "a")).toEqual([
      { line: 1, kept: true },
      { line: 1, kept: false },
    ]);
  });
});

describe("lineNotesFor", () => {
  const texts = new Map([
    [1, "{{premise}}\n||| {{label}}"],
    [2, "Read this.\n{{premise}}\n||| {{label}}"],
  ]);

  it("carries open line threads of older versions to the current text, with their reply counts", () => {
    const notes = lineNotesFor(
      [
        comment({ id: "t1", line: 2, body: "guard -1" }),
        comment({ id: "r1", parentId: "t1", line: null, body: "ok" }),
        comment({ id: "t2", versionNumber: 2, line: 1, body: "wording" }),
      ],
      texts,
      texts.get(2)!,
    );
    expect(notes).toEqual([
      expect.objectContaining({ threadId: "t2", line: 1, moved: false, versionNumber: 2, originalLine: 1 }),
      expect.objectContaining({ threadId: "t1", line: 3, moved: false, versionNumber: 1, originalLine: 2, replies: 1, body: "guard -1" }),
    ]);
  });

  it("leaves out resolved threads, general comments and replies", () => {
    const notes = lineNotesFor(
      [comment({ id: "a", resolved: true }), comment({ id: "b", line: null }), comment({ id: "c", parentId: "x", line: 1 })],
      texts,
      texts.get(1)!,
    );
    expect(notes).toEqual([]);
  });

  it("marks a note whose line has since been rewritten", () => {
    const [note] = lineNotesFor([comment({ line: 2 })], texts, "{{premise}}\n||| {{ answer_choices[label] }}");
    expect(note).toMatchObject({ line: 2, moved: true });
  });
});
