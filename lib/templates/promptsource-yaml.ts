/**
 * PromptSource's templates.yaml: read and write.
 *
 * PromptSource saves with PyYAML's `yaml.dump`, so files use YAML 1.1 scalars (`yes` is a bool),
 * custom `!Template` / `!TemplateMetadata` tags on plain mappings, and sorted keys. Parsing keeps
 * the YAML order of templates (it is the order `apply` and exports use) and every field we do not
 * model (`task_template`, future metadata), so a save loses nothing. Errors name the file and line.
 */
import { Document, isAlias, isMap, isScalar, LineCounter, parseDocument, YAMLMap, type Node, type Tags } from "yaml";
import { z } from "zod";
import { floatRepr } from "../render/py-float";

export interface PromptSourceTemplate {
  id: string;
  name: string;
  jinja: string;
  answerChoices: string | null;
  reference: string;
  metadata: {
    originalTask: boolean | null;
    choicesInPrompt: boolean | null;
    metrics: string[];
    languages: string[];
    extra: Record<string, unknown>;
  };
  /** Unknown template fields, kept for a lossless save. */
  extra: Record<string, unknown>;
}

export interface PromptSourceFile {
  dataset: string;
  subset: string | null;
  /** In YAML order. */
  templates: PromptSourceTemplate[];
}

export class PromptSourceYamlError extends Error {
  constructor(
    readonly fileName: string,
    /** 1-based; 0 when the problem is not tied to a place in the text. */
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${fileName}${line > 0 ? `:${line}:${column}` : ""}: ${reason}`);
    this.name = "PromptSourceYamlError";
  }
}

const TEMPLATE_TAG = "!Template";
const METADATA_TAG = "!TemplateMetadata";

// The tags mark plain mappings; resolving them to the map itself keeps the node (and its tag) as is.
const templateTags: Tags = [
  { tag: TEMPLATE_TAG, collection: "map", resolve: (map: YAMLMap.Parsed) => map } as Tags[number],
  { tag: METADATA_TAG, collection: "map", resolve: (map: YAMLMap.Parsed) => map } as Tags[number],
];

/*
 * Plain scalars are typed exactly as PyYAML's resolver types them. The `yaml` package's own
 * YAML 1.1 schema is close but not the same (it reads `y`/`n` as booleans and `1e5` or `09` as
 * numbers, where PyYAML reads strings), and PromptSource reads these files with PyYAML.
 * Timestamps stay strings (PyYAML would make dates; no PromptSource field holds one).
 */
const PY_INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const PY_FLOAT =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const PY_BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const PY_NULL = /^(?:~|null|Null|NULL|)$/;

function sexagesimal(text: string): number {
  return text.split(":").reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** PyYAML's construct_yaml_int. */
function constructInt(source: string): number {
  let v = source.replace(/_/g, "");
  let sign = 1;
  if (v[0] === "-" || v[0] === "+") {
    if (v[0] === "-") sign = -1;
    v = v.slice(1);
  }
  if (v === "0") return 0;
  if (v.startsWith("0b")) return sign * parseInt(v.slice(2), 2);
  if (v.startsWith("0x")) return sign * parseInt(v.slice(2), 16);
  if (v.includes(":")) return sign * sexagesimal(v);
  if (v[0] === "0") return sign * parseInt(v, 8);
  return sign * Number(v);
}

/** PyYAML's construct_yaml_float. */
function constructFloat(source: string): number {
  let v = source.replace(/_/g, "").toLowerCase();
  let sign = 1;
  if (v[0] === "-" || v[0] === "+") {
    if (v[0] === "-") sign = -1;
    v = v.slice(1);
  }
  if (v === ".inf") return sign * Infinity;
  if (v === ".nan") return NaN;
  if (v.includes(":")) return sign * sexagesimal(v);
  return sign * Number(v);
}

const pyScalarTags: Tags = [
  {
    tag: "tag:yaml.org,2002:null",
    default: true,
    identify: (v: unknown) => v === null || v === undefined,
    test: PY_NULL,
    resolve: () => null,
    stringify: () => "null",
  },
  {
    tag: "tag:yaml.org,2002:bool",
    default: true,
    identify: (v: unknown) => typeof v === "boolean",
    test: PY_BOOL,
    resolve: (s: string) => ["yes", "true", "on"].includes(s.toLowerCase()),
    stringify: ({ value }: { value: unknown }) => (value ? "true" : "false"),
  },
  {
    tag: "tag:yaml.org,2002:int",
    default: true,
    identify: (v: unknown) => typeof v === "number" && Number.isInteger(v) && !Object.is(v, -0),
    test: PY_INT,
    resolve: constructInt,
    stringify: ({ value }: { value: unknown }) => String(value),
  },
  {
    tag: "tag:yaml.org,2002:float",
    default: true,
    identify: (v: unknown) => typeof v === "number",
    test: PY_FLOAT,
    resolve: constructFloat,
    stringify: ({ value }: { value: unknown }) => pyYamlNumber(value as number),
  },
] as Tags;

const YAML_OPTIONS: { version: "1.1"; schema: string; customTags: Tags } = {
  version: "1.1",
  schema: "failsafe",
  customTags: [...pyScalarTags, ...templateTags],
};

const stringList = z.array(z.string()).nullable().transform((v) => v ?? []);

const metadataSchema = z.looseObject({
  original_task: z.boolean().nullable().optional(),
  choices_in_prompt: z.boolean().nullable().optional(),
  metrics: stringList.optional(),
  languages: stringList.optional(),
});

const templateSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  jinja: z.string(),
  answer_choices: z.string().nullable().optional(),
  reference: z.string().nullable().optional(),
  metadata: metadataSchema,
});

const fileSchema = z.looseObject({
  dataset: z.string().min(1),
  subset: z.string().nullable().optional(),
  templates: z.record(z.string(), z.unknown()),
});

const TEMPLATE_FIELDS = new Set(["id", "name", "jinja", "answer_choices", "reference", "metadata"]);
const METADATA_FIELDS = new Set(["original_task", "choices_in_prompt", "metrics", "languages"]);

export function parsePromptSourceYaml(text: string, fileName = "templates.yaml"): PromptSourceFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { ...YAML_OPTIONS, lineCounter, uniqueKeys: true, prettyErrors: false });

  const fail = (reason: string, node?: Node | null, offset?: number): never => {
    const at = offset ?? node?.range?.[0];
    if (at === undefined) throw new PromptSourceYamlError(fileName, 0, 0, reason);
    const { line, col } = lineCounter.linePos(at);
    throw new PromptSourceYamlError(fileName, line, col, reason);
  };

  for (const e of doc.errors) fail(`invalid YAML: ${firstLine(e.message)}`, null, e.pos[0]);
  for (const w of doc.warnings) fail(`invalid YAML: ${firstLine(w.message)}`, null, w.pos[0]);

  const root = doc.contents;
  if (!isMap(root)) fail("expected a mapping with `dataset` and `templates`", root ?? null, 0);
  const checkedRoot = parseWith(fileSchema, doc.toJS({ maxAliasCount: 100 }), root as YAMLMap, root as YAMLMap, fail);

  const templatesNode = (root as YAMLMap).get("templates", true);
  if (!isMap(templatesNode)) return fail("`templates` must be a mapping of template id to !Template", (root as YAMLMap).get("templates", true) as Node);
  const templates: PromptSourceTemplate[] = [];
  const seenIds = new Set<string>();
  for (const pair of (templatesNode as YAMLMap).items) {
    const keyNode = pair.key as Node;
    const valueNode = pair.value as Node | null;
    const key = isScalar(keyNode) ? keyNode.value : undefined;
    if (typeof key !== "string") fail("template keys must be strings (the template id)", keyNode);
    if (!isMap(valueNode) || valueNode.tag !== TEMPLATE_TAG) fail(`template "${key}" must be a ${TEMPLATE_TAG} mapping`, valueNode ?? keyNode);
    let metadataNode = (valueNode as YAMLMap).get("metadata", true) as Node | undefined;
    // PyYAML writes metadata objects shared by several templates once, as an anchor and aliases.
    if (isAlias(metadataNode)) metadataNode = metadataNode.resolve(doc) as Node | undefined;
    if (metadataNode && (!isMap(metadataNode) || metadataNode.tag !== METADATA_TAG)) {
      fail(`metadata of template "${key}" must be a ${METADATA_TAG} mapping`, metadataNode);
    }
    const raw = parseWith(templateSchema, (valueNode as YAMLMap).toJS(doc, { maxAliasCount: 100 }), valueNode as YAMLMap, keyNode, fail, `template "${key}"`);
    if (raw.id !== key) fail(`template key "${key}" differs from its id "${raw.id}"`, keyNode);
    if (seenIds.has(raw.id)) fail(`duplicate template id "${raw.id}"`, keyNode);
    seenIds.add(raw.id);
    templates.push(toTemplate(raw));
  }
  return { dataset: checkedRoot.dataset, subset: checkedRoot.subset ?? null, templates };
}

function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  node: YAMLMap,
  /** Where to point when the issue's field is missing: the template's key line. */
  fallback: Node,
  fail: (reason: string, node?: Node | null) => never,
  what?: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.map(String);
  // Point at the deepest node that exists on the issue's path.
  let at: Node = fallback;
  for (let i = path.length; i > 0; i--) {
    const found = node.getIn(path.slice(0, i), true) as Node | undefined;
    if (found && typeof found === "object") {
      at = found;
      break;
    }
  }
  const field = path.length ? `\`${path.join(".")}\`` : "value";
  return fail(`${what ? what + ": " : ""}${field}: ${issue.message}`, at);
}

function toTemplate(raw: z.infer<typeof templateSchema>): PromptSourceTemplate {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) if (!TEMPLATE_FIELDS.has(k)) extra[k] = v;
  const m = raw.metadata;
  const metadataExtra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) if (!METADATA_FIELDS.has(k)) metadataExtra[k] = v;
  return {
    id: raw.id,
    name: raw.name,
    jinja: raw.jinja,
    answerChoices: raw.answer_choices ?? null,
    reference: raw.reference ?? "",
    metadata: {
      originalTask: m.original_task ?? null,
      choicesInPrompt: m.choices_in_prompt ?? null,
      metrics: m.metrics ?? [],
      languages: m.languages ?? [],
      extra: metadataExtra,
    },
    extra,
  };
}

function firstLine(message: string): string {
  return message.split("\n")[0];
}

/**
 * Writes the file as PromptSource's `yaml.dump` does: byte for byte what PyYAML 6 emits for the
 * same data (sorted keys, the two tags, quoting and folding at 80 columns, non-ASCII escaped),
 * `subset` omitted when there is none. Only metadata shared by several templates differs:
 * PyYAML writes it once with an anchor (`&id001`), this writes it in full each time.
 * The text is read back and must give the same file; if it ever does not, the `yaml` package's
 * plain layout (one line per string) is used instead, so a save never loses anything.
 */
export function serializePromptSourceYaml(file: PromptSourceFile): string {
  const templates = new Map<string, unknown>();
  for (const t of file.templates) {
    const metadata = new Map<string, unknown>(Object.entries(t.metadata.extra));
    metadata.set("choices_in_prompt", t.metadata.choicesInPrompt);
    metadata.set("languages", t.metadata.languages);
    metadata.set("metrics", t.metadata.metrics);
    metadata.set("original_task", t.metadata.originalTask);
    const fields = new Map<string, unknown>(Object.entries(t.extra));
    fields.set("answer_choices", t.answerChoices);
    fields.set("id", t.id);
    fields.set("jinja", t.jinja);
    fields.set("metadata", new Tagged(METADATA_TAG, metadata));
    fields.set("name", t.name);
    fields.set("reference", t.reference);
    templates.set(t.id, new Tagged(TEMPLATE_TAG, fields));
  }
  const top = new Map<string, unknown>([["dataset", file.dataset]]);
  if (file.subset !== null) top.set("subset", file.subset);
  top.set("templates", templates);

  const sorted = { ...file, templates: [...file.templates].sort((a, b) => comparePy(a.id, b.id)) };
  const expected = canonicalJson(sorted);
  const readsBack = (text: string) => {
    try {
      return canonicalJson(parsePromptSourceYaml(text, "serialized")) === expected;
    } catch {
      return false;
    }
  };
  const pyyaml = new PyYamlEmitter().document(top);
  if (readsBack(pyyaml)) return pyyaml;
  const plain = yamlPackageDump(top);
  if (readsBack(plain)) return plain;
  throw new Error(`cannot write templates of ${file.dataset} as YAML that reads back the same`);
}

class Tagged {
  constructor(
    readonly tag: string,
    readonly value: Map<string, unknown>,
  ) {}
}

function yamlPackageDump(top: Map<string, unknown>): string {
  const toPlain = (v: unknown): unknown =>
    v instanceof Tagged ? toPlain(v.value) : v instanceof Map ? Object.fromEntries([...v].map(([k, x]) => [k, toPlain(x)])) : v;
  const doc = new Document(toPlain(top), { ...YAML_OPTIONS, sortMapEntries: true });
  const templatesNode = doc.get("templates", true) as YAMLMap;
  for (const pair of templatesNode.items) {
    const t = pair.value as YAMLMap;
    t.tag = TEMPLATE_TAG;
    (t.get("metadata", true) as unknown as YAMLMap).tag = METADATA_TAG;
  }
  return doc.toString({ blockQuote: false, indentSeq: false, singleQuote: false, nullStr: "null", lineWidth: 0, doubleQuotedAsJSON: true });
}

/** Python's str ordering (by code point), which PyYAML's sort_keys uses. */
function comparePy(a: string, b: string): number {
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i].codePointAt(0)! - y[i].codePointAt(0)!;
  }
  return x.length - y.length;
}

// PyYAML's YAML 1.1 implicit resolvers: a str that would read back as another type is quoted.
const IMPLICIT_NON_STR = [
  PY_BOOL,
  PY_FLOAT,
  PY_INT,
  /^(?:<<)$/,
  PY_NULL,
  /^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$/,
  /^(?:=)$/,
  /^(?:!|&|\*)$/,
];

const BREAKS = "\n\x85\u2028\u2029";
const WHITESPACE_OR_END = "\0 \t\r\n\x85\u2028\u2029";
const ESCAPES: Record<string, string> = {
  "\0": "0", "\x07": "a", "\x08": "b", "\t": "t", "\n": "n", "\x0B": "v", "\x0C": "f", "\r": "r",
  "\x1B": "e", '"': '"', "\\": "\\", "\x85": "N", "\xA0": "_", "\u2028": "L", "\u2029": "P",
};

interface Analysis {
  empty: boolean;
  multiline: boolean;
  allowBlockPlain: boolean;
  allowSingleQuoted: boolean;
}

/** emitter.py's analyze_scalar, for block context and allow_unicode=False (yaml.dump's defaults). */
function analyzeScalar(chars: string[]): Analysis {
  if (chars.length === 0) return { empty: true, multiline: false, allowBlockPlain: true, allowSingleQuoted: true };
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  const text = chars.join("");
  if (text.startsWith("---") || text.startsWith("...")) blockIndicators = true;
  let precededByWhitespace = true;
  let followedByWhitespace = chars.length === 1 || WHITESPACE_OR_END.includes(chars[1]);
  let previousSpace = false;
  let previousBreak = false;
  for (let index = 0; index < chars.length; index++) {
    const ch = chars[index];
    if (index === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) blockIndicators = true;
      if ("?:".includes(ch) && followedByWhitespace) blockIndicators = true;
      if (ch === "-" && followedByWhitespace) blockIndicators = true;
    } else {
      if (ch === ":" && followedByWhitespace) blockIndicators = true;
      if (ch === "#" && precededByWhitespace) blockIndicators = true;
    }
    if (BREAKS.includes(ch)) lineBreaks = true;
    const code = ch.codePointAt(0)!;
    if (!(ch === "\n" || (code >= 0x20 && code <= 0x7e))) special = true; // allow_unicode=False
    if (ch === " ") {
      if (index === 0) leadingSpace = true;
      if (index === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (BREAKS.includes(ch)) {
      if (index === 0) leadingBreak = true;
      if (index === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = WHITESPACE_OR_END.includes(ch);
    followedByWhitespace = index + 2 >= chars.length || WHITESPACE_OR_END.includes(chars[index + 2]);
  }
  let allowBlockPlain = true;
  let allowSingleQuoted = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) allowBlockPlain = false;
  if (breakSpace) allowBlockPlain = allowSingleQuoted = false;
  if (spaceBreak || special) allowBlockPlain = allowSingleQuoted = false;
  if (lineBreaks) allowBlockPlain = false;
  if (blockIndicators) allowBlockPlain = false;
  return { empty: false, multiline: lineBreaks, allowBlockPlain, allowSingleQuoted };
}

/**
 * The part of PyYAML's Emitter that yaml.dump(default_flow_style=False) uses for mappings,
 * sequences and scalars in block context: best_width 80, indent 2, indentless sequences in
 * mappings. Column bookkeeping follows emitter.py so that folding happens at the same spaces.
 */
class PyYamlEmitter {
  private out = "";
  private column = 0;
  private whitespace = true;
  private indention = true;
  private indent = 0;
  private readonly bestWidth = 80;

  document(root: Map<string, unknown>): string {
    this.mapping(root, 0, true);
    this.indent = 0;
    this.writeIndent(); // document end
    return this.out;
  }

  private write(data: string): void {
    this.out += data;
    this.column += Array.from(data).length;
  }

  private lineBreak(): void {
    this.out += "\n";
    this.whitespace = true;
    this.indention = true;
    this.column = 0;
  }

  private writeIndent(): void {
    const indent = this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.lineBreak();
    if (this.column < indent) {
      this.whitespace = true;
      this.out += " ".repeat(indent - this.column);
      this.column = indent;
    }
  }

  private indicator(indicator: string, needWhitespace: boolean, whitespace = false, indention = false): void {
    this.write(this.whitespace || !needWhitespace ? indicator : " " + indicator);
    this.whitespace = whitespace;
    this.indention = this.indention && indention;
  }

  private mapping(map: Map<string, unknown>, indent: number, first: boolean): void {
    const keys = [...map.keys()].sort(comparePy);
    keys.forEach((key, i) => {
      this.indent = indent;
      if (!(first && i === 0)) this.writeIndent();
      this.scalar(key, indent, true);
      this.indicator(":", false);
      this.value(map.get(key), indent, true);
    });
  }

  private sequence(items: unknown[], indent: number): void {
    for (const item of items) {
      this.indent = indent;
      this.writeIndent();
      this.indicator("-", true, false, true);
      this.value(item, indent, false);
    }
  }

  /** A node after "key:" (inMapping) or "-": `indent` is the column of that key or dash. */
  private value(v: unknown, indent: number, inMapping: boolean): void {
    let tag: string | null = null;
    if (v instanceof Tagged) {
      tag = v.tag;
      v = v.value;
    }
    if (tag) this.indicator(tag, true);
    if (v instanceof Map || (isPlainObject(v) && !(v instanceof Map))) {
      const map = v instanceof Map ? (v as Map<string, unknown>) : new Map(Object.entries(v as Record<string, unknown>));
      if (map.size === 0) {
        this.indicator("{}", true);
        return;
      }
      if (inMapping) {
        this.mapping(map, indent + 2, false);
      } else {
        // "- key: value": the first key stays on the dash's line.
        this.indention = true;
        this.whitespace = true;
        this.out += " ";
        this.column += 1;
        this.mapping(map, indent + 2, true);
      }
      return;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) {
        this.indicator("[]", true);
        return;
      }
      // Sequences in a mapping are indentless; a sequence in a sequence is indented.
      if (inMapping) this.sequence(v, indent);
      else {
        this.out += " ";
        this.column += 1;
        this.whitespace = true;
        this.indention = true;
        this.sequenceInline(v, indent + 2);
      }
      return;
    }
    this.scalar(v, indent + 2, false);
  }

  private sequenceInline(items: unknown[], indent: number): void {
    items.forEach((item, i) => {
      this.indent = indent;
      if (i > 0) this.writeIndent();
      this.indicator("-", true, false, true);
      this.value(item, indent, false);
    });
  }

  private scalar(v: unknown, indent: number, simpleKey: boolean): void {
    this.indent = indent;
    if (v === null || v === undefined) return this.plain("null");
    if (typeof v === "boolean") return this.plain(v ? "true" : "false");
    if (typeof v === "number") return this.plain(pyYamlNumber(v));
    if (typeof v !== "string") throw new TypeError(`cannot write ${typeof v} as YAML`);
    const chars = Array.from(v);
    const a = analyzeScalar(chars);
    const implicit = !IMPLICIT_NON_STR.some((re) => re.test(v));
    if (implicit && !(simpleKey && (a.empty || a.multiline)) && a.allowBlockPlain) return this.plain(v);
    if (a.allowSingleQuoted && !(simpleKey && a.multiline)) return this.singleQuoted(chars);
    return this.doubleQuoted(chars);
  }

  private plain(text: string): void {
    if (!text) return;
    if (!this.whitespace) this.write(" ");
    this.whitespace = false;
    this.indention = false;
    const chars = Array.from(text);
    let spaces = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : null;
      if (spaces) {
        if (ch !== " ") {
          if (start + 1 === end && this.column > this.bestWidth) {
            this.writeIndent();
            this.whitespace = false;
            this.indention = false;
          } else this.write(chars.slice(start, end).join(""));
          start = end;
        }
      } else if (ch === null || (" " + BREAKS).includes(ch)) {
        this.write(chars.slice(start, end).join(""));
        start = end;
      }
      if (ch !== null) spaces = ch === " ";
    }
  }

  private singleQuoted(chars: string[]): void {
    this.indicator("'", true);
    let spaces = false;
    let breaks = false;
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : null;
      if (spaces) {
        if (ch === null || ch !== " ") {
          if (start + 1 === end && this.column > this.bestWidth && start !== 0 && end !== chars.length) this.writeIndent();
          else this.write(chars.slice(start, end).join(""));
          start = end;
        }
      } else if (breaks) {
        if (ch === null || !BREAKS.includes(ch)) {
          if (chars[start] === "\n") this.lineBreak();
          for (const br of chars.slice(start, end)) {
            if (br === "\n") this.lineBreak();
            else {
              this.out += br;
              this.whitespace = true;
              this.indention = true;
              this.column = 0;
            }
          }
          this.writeIndent();
          start = end;
        }
      } else if (ch === null || (" " + BREAKS).includes(ch) || ch === "'") {
        if (start < end) {
          this.write(chars.slice(start, end).join(""));
          start = end;
        }
      }
      if (ch === "'") {
        this.write("''");
        start = end + 1;
      }
      if (ch !== null) {
        spaces = ch === " ";
        breaks = BREAKS.includes(ch);
      }
    }
    this.indicator("'", false);
  }

  private doubleQuoted(chars: string[]): void {
    this.indicator('"', true);
    let start = 0;
    for (let end = 0; end <= chars.length; end++) {
      const ch = end < chars.length ? chars[end] : null;
      const code = ch === null ? 0 : ch.codePointAt(0)!;
      if (ch === null || '"\\\x85\u2028\u2029\uFEFF'.includes(ch) || !(code >= 0x20 && code <= 0x7e)) {
        if (start < end) {
          this.write(chars.slice(start, end).join(""));
          start = end;
        }
        if (ch !== null) {
          let data: string;
          if (ch in ESCAPES) data = "\\" + ESCAPES[ch];
          else if (code <= 0xff) data = "\\x" + hex(code, 2);
          else if (code <= 0xffff) data = "\\u" + hex(code, 4);
          else data = "\\U" + hex(code, 8);
          this.write(data);
          start = end + 1;
        }
      }
      if (end > 0 && end < chars.length - 1 && (ch === " " || start >= end) && this.column + (end - start) > this.bestWidth) {
        const data = chars.slice(start, end).join("") + "\\";
        if (start < end) start = end;
        this.write(data);
        this.writeIndent();
        this.whitespace = false;
        this.indention = false;
        if (chars[start] === " ") this.write("\\");
      }
    }
    this.indicator('"', false);
  }
}

function hex(n: number, width: number): string {
  return n.toString(16).toUpperCase().padStart(width, "0");
}

function isPlainObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** PyYAML's representer for an int or float (JavaScript cannot tell 3.0 from 3: integral numbers are ints). */
function pyYamlNumber(n: number): string {
  if (Number.isInteger(n) && !Object.is(n, -0)) return String(n);
  if (Number.isNaN(n)) return ".nan";
  if (n === Infinity) return ".inf";
  if (n === -Infinity) return "-.inf";
  const value = floatRepr(n).toLowerCase();
  return !value.includes(".") && value.includes("e") ? value.replace("e", ".0e") : value;
}

/** JSON with object keys sorted, so that key order (which the writer sorts) does not matter. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
