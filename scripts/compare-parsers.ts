/**
 * Measures how many of PromptSource's templates each Jinja front end accepts: nunjucks 3.2.4's
 * parser (the product's named package) and the renderer's own parser (lib/render/parser.ts),
 * on the templates as written and after PromptSource's truncation rewrite. Also reports the
 * parse time of each. Usage: npx tsx scripts/compare-parsers.ts
 */
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import nunjucks from "nunjucks";
import { Parser } from "../lib/render/parser";
import { parsePromptSourceYaml } from "../lib/templates/promptsource-yaml";

const root = path.resolve(__dirname, "../../shared/promptsource/templates");
if (!existsSync(root)) {
  console.error(`missing ${root} (../shared beside the repository)`);
  process.exit(1);
}

function findYaml(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) findYaml(p, out);
    else if (name === "templates.yaml") out.push(p);
  }
  return out;
}

const sources: string[] = [];
for (const file of findYaml(root)) {
  for (const t of parsePromptSourceYaml(readFileSync(file, "utf8"), file).templates) sources.push(t.jinja);
}

type ParseFn = (src: string) => unknown;
const parsers: [string, ParseFn][] = [
  ["nunjucks 3.2.4 parser.parse", (src) => (nunjucks as unknown as { parser: { parse: ParseFn } }).parser.parse(src)],
  ["lib/render/parser.ts", (src) => new Parser(src).parse()],
];

const rewrite = (s: string) => s.split("}}").join(" | string | truncate(2048) }}");
console.log(`${sources.length} templates from ${root}`);
for (const [name, parse] of parsers) {
  for (const [label, transform] of [["as written", (s: string) => s], ["after the truncation rewrite", rewrite]] as const) {
    let ok = 0;
    const t0 = performance.now();
    const failures: string[] = [];
    for (const src of sources) {
      try {
        parse(transform(src));
        ok++;
      } catch (e) {
        if (failures.length < 3) failures.push(String((e as Error).message).split("\n")[0].slice(0, 100));
      }
    }
    const ms = performance.now() - t0;
    console.log(`${name.padEnd(30)} ${label.padEnd(30)} accepts ${ok}/${sources.length}  (${ms.toFixed(0)} ms)${failures.length ? "  e.g. " + failures.join(" | ") : ""}`);
  }
}
