/**
 * Review comments in the studio's gutter: each open thread anchored to a line of some version is
 * carried to the line it now is in the text being edited, following a diff of their lines (the `diff` package)
 * from the commented version to that text. A line that has since changed or gone is placed where it
 * was replaced (marked `moved`), so the note stays next to the code it was about.
 */
import { diffArrays } from "diff";

export interface LineComment {
  id: string;
  versionNumber: number;
  parentId: string | null;
  line: number | null;
  body: string;
  resolved: boolean;
  authorName: string;
}

export interface LineNote {
  /** the thread's first comment */
  threadId: string;
  /** 1-based line in the target text */
  line: number;
  /** the commented line changed or was removed since; `line` is where it was */
  moved: boolean;
  versionNumber: number;
  originalLine: number;
  authorName: string;
  body: string;
  replies: number;
}

/**
 * Where each line of `from` is in `to`: a 1-based line number, and whether the line itself survived.
 * Lines removed by an edit map to the first line that replaced them (or the next surviving line).
 */
export function mapLines(from: string, to: string): { line: number; kept: boolean }[] {
  const map: { line: number; kept: boolean }[] = [];
  let newLine = 1;
  const toLines = to.split("\n");
  const lastLine = toLines.length;
  // Arrays of lines, not diffLines: a last line without "\n" still equals the same line with one.
  for (const part of diffArrays(from.split("\n"), toLines)) {
    const count = part.value.length;
    if (part.added) newLine += count;
    else if (part.removed) for (let i = 0; i < count; i++) map.push({ line: Math.min(newLine, lastLine), kept: false });
    else for (let i = 0; i < count; i++) map.push({ line: newLine++, kept: true });
  }
  return map;
}

/** Open, line-anchored threads of any version, placed on the lines of `targetJinja`. */
export function lineNotesFor(comments: readonly LineComment[], versionTexts: ReadonlyMap<number, string>, targetJinja: string): LineNote[] {
  const maps = new Map<number, { line: number; kept: boolean }[]>();
  const notes: LineNote[] = [];
  for (const root of comments) {
    if (root.parentId !== null || root.line === null || root.resolved) continue;
    const text = versionTexts.get(root.versionNumber);
    if (text === undefined) continue;
    let map = maps.get(root.versionNumber);
    if (!map) maps.set(root.versionNumber, (map = mapLines(text, targetJinja)));
    const at = map[root.line - 1];
    if (!at) continue;
    notes.push({
      threadId: root.id,
      line: at.line,
      moved: !at.kept,
      versionNumber: root.versionNumber,
      originalLine: root.line,
      authorName: root.authorName,
      body: root.body,
      replies: comments.filter((c) => c.parentId === root.id).length,
    });
  }
  return notes.sort((a, b) => a.line - b.line);
}
