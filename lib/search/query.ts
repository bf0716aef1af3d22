/**
 * Search text → the full-text queries of both databases. Pure.
 *
 * Syntax (deliberately small): words are ANDed and match as prefixes (`hypo` finds `hypothesis`);
 * "quoted words" match as an exact phrase; a leading `-` excludes (`-draft`). A word is split into
 * tokens the way both indexes tokenize (letters and digits; everything else separates), so
 * `answer_choices` is the phrase `answer choices`. Only letters and digits ever reach either query
 * language, so no user text can inject FTS5 or tsquery operators.
 */

export interface SearchTerm {
  tokens: string[];
  /** quoted: exact phrase; otherwise the last token matches as a prefix */
  exact: boolean;
  negated: boolean;
}

const MAX_TERMS = 16;
const MAX_TOKEN_LENGTH = 64;

export function tokenize(text: string): string[] {
  return (text.normalize("NFKC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).map((t) => t.slice(0, MAX_TOKEN_LENGTH));
}

export function parseSearchText(text: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  // "a phrase", -"a phrase", -word, word
  const pattern = /(-?)"([^"]*)"?|(-?)([^\s"]+)/g;
  for (const m of text.matchAll(pattern)) {
    const quoted = m[2] !== undefined;
    const negated = (quoted ? m[1] : m[3]) === "-";
    const tokens = tokenize(quoted ? m[2]! : m[4]!);
    if (tokens.length === 0) continue;
    terms.push({ tokens, exact: quoted, negated });
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** A query with no positive term would match everything negated against nothing: it is not run. */
export function hasPositiveTerm(terms: readonly SearchTerm[]): boolean {
  return terms.some((t) => !t.negated);
}

function fts5Term(t: SearchTerm): string {
  return `"${t.tokens.join(" ")}"${t.exact ? "" : " *"}`;
}

/** SQLite FTS5 MATCH expression, or null when there is nothing positive to look for. */
export function toFts5Match(terms: readonly SearchTerm[]): string | null {
  if (!hasPositiveTerm(terms)) return null;
  const positive = terms.filter((t) => !t.negated).map(fts5Term).join(" AND ");
  const negative = terms.filter((t) => t.negated).map((t) => ` NOT ${fts5Term(t)}`).join("");
  return `(${positive})${negative}`;
}

function tsTerm(t: SearchTerm): string {
  const tokens = t.tokens.map((tok, i) => `'${tok}'${!t.exact && i === t.tokens.length - 1 ? ":*" : ""}`);
  return tokens.length === 1 ? tokens[0]! : `(${tokens.join(" <-> ")})`;
}

/** PostgreSQL to_tsquery('simple', ...) text, or null when there is nothing positive to look for. */
export function toTsQuery(terms: readonly SearchTerm[]): string | null {
  if (!hasPositiveTerm(terms)) return null;
  return terms.map((t) => (t.negated ? `!${tsTerm(t)}` : tsTerm(t))).join(" & ");
}

/** Highlight markers the databases put around matches (private-use characters, split by the page). */
export const HIGHLIGHT_START = "\uE000";
export const HIGHLIGHT_END = "\uE001";

export interface HighlightPart {
  text: string;
  match: boolean;
}

/** Splits a database snippet at its markers; unbalanced or stray markers never leak into the text. */
export function splitHighlights(snippet: string): HighlightPart[] {
  const parts: HighlightPart[] = [];
  let match = false;
  let current = "";
  for (const ch of snippet) {
    if (ch === HIGHLIGHT_START || ch === HIGHLIGHT_END) {
      if (current) parts.push({ text: current, match });
      current = "";
      match = ch === HIGHLIGHT_START;
    } else {
      current += ch;
    }
  }
  if (current) parts.push({ text: current, match });
  return parts;
}

export function hasHighlight(snippet: string | null): boolean {
  return snippet !== null && snippet.includes(HIGHLIGHT_START);
}
