/**
 * PromptSource's `truncate(2048)` (promptsource.ts puts it on every `}}`) of a row's own long
 * texts, worked out once per row instead of at every render of every template.
 *
 * Why: truncate counts code points, so a text longer than the limit is scanned for surrogates
 * and, when it has some, indexed (py-str.ts). An export applies ~7 templates to each row of a
 * split, and the synthetic rows' long texts have emoji: the scans and indexes took about 1.5 s of
 * each export worker's CPU (a sixth of its rendering; README "Speed", fifteenth session). The
 * index cache in py-str.ts holds 2 M units, less than a split's texts.
 *
 * What is kept is the cut (an offset, not the text), per row, found at the row's first truncate
 * of a long text; texts a template builds are cut as before, and not kept.
 */
import { TRUNCATE_END as END, TRUNCATE_LEEWAY as LEEWAY, truncateStr } from "./filters";
import { PyTuple, PyDict, type PyValue } from "./values";

/** the length PromptSource's rewrite truncates every output to, with Jinja's defaults for the rest */
export const PROMPTSOURCE_TRUNCATE = 2048;
/** how deep into a row's lists and dicts its texts are looked for */
const MAX_DEPTH = 4;

export class RowCuts {
  /** text -> UTF-16 length kept before END, or -1 for a text kept whole */
  private cuts: Map<string, number> | null = null;

  constructor(private readonly row: { forEachOwn(fn: (name: string, value: PyValue) => void): void }) {}

  /** truncate(PROMPTSOURCE_TRUNCATE) of `s`, when `s` is one of the row's texts; else undefined. */
  get(s: string): string | undefined {
    if (s.length <= PROMPTSOURCE_TRUNCATE + LEEWAY) return s;
    const cuts = (this.cuts ??= this.find());
    const cut = cuts.get(s);
    if (cut === undefined) return undefined;
    return cut < 0 ? s : s.slice(0, cut) + END;
  }

  private find(): Map<string, number> {
    const cuts = new Map<string, number>();
    const visit = (v: PyValue, depth: number): void => {
      if (typeof v === "string") {
        if (v.length > PROMPTSOURCE_TRUNCATE + LEEWAY && !cuts.has(v)) {
          const cut = truncateStr(v, PROMPTSOURCE_TRUNCATE, END, LEEWAY, false);
          cuts.set(v, cut === v ? -1 : cut.length - END.length);
        }
      } else if (depth < MAX_DEPTH) {
        if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
        else if (v instanceof PyTuple) for (const x of v.items) visit(x, depth + 1);
        else if (v instanceof PyDict) for (const x of v.values()) visit(x, depth + 1);
      }
    };
    this.row.forEachOwn((_, v) => visit(v, 0));
    return cuts;
  }
}
