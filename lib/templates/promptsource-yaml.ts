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
const customTags: Tags = [
  { tag: TEMPLATE_TAG, collection: "map", resolve: (map: YAMLMap.Parsed) => map } as Tags[number],
  { tag: METADATA_TAG, collection: "map", resolve: (map: YAMLMap.Parsed) => map } as Tags[number],
];

const YAML_OPTIONS = { version: "1.1", customTags } as const;

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
 * Writes the file as PromptSource's `yaml.dump` does in shape: sorted keys at every level (so
 * templates come out ordered by id, like PromptSource's own saves), the two tags, YAML 1.1
 * scalars, block style, `subset` omitted when there is none. Quoting and line folding follow
 * the `yaml` package, not PyYAML byte for byte.
 */
export function serializePromptSourceYaml(file: PromptSourceFile): string {
  const templates: Record<string, unknown> = {};
  for (const t of file.templates) {
    templates[t.id] = {
      ...t.extra,
      answer_choices: t.answerChoices,
      id: t.id,
      jinja: t.jinja,
      metadata: {
        ...t.metadata.extra,
        choices_in_prompt: t.metadata.choicesInPrompt,
        languages: t.metadata.languages,
        metrics: t.metadata.metrics,
        original_task: t.metadata.originalTask,
      },
      name: t.name,
      reference: t.reference,
    };
  }
  const top: Record<string, unknown> = { dataset: file.dataset };
  if (file.subset !== null) top.subset = file.subset;
  top.templates = templates;

  const doc = new Document(top, { ...YAML_OPTIONS, sortMapEntries: true });
  const templatesNode = doc.get("templates", true) as YAMLMap;
  for (const pair of templatesNode.items) {
    const t = pair.value as YAMLMap;
    t.tag = TEMPLATE_TAG;
    (t.get("metadata", true) as unknown as YAMLMap).tag = METADATA_TAG;
  }
  const sorted = { ...file, templates: [...file.templates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) };
  const expected = canonicalJson(sorted);
  const readsBack = (text: string) => {
    try {
      return canonicalJson(parsePromptSourceYaml(text, "serialized")) === expected;
    } catch {
      return false;
    }
  };
  // PyYAML-like layout first (single quotes, folded at 80 columns). The `yaml` package has had
  // bugs folding unusual strings (2.9.1 turns a line holding one space inside a multi-line
  // double-quoted string into a backslash), so the text is read back, and if it does not give
  // the same file the unfolded layout (one line per string, escapes) is used.
  const pretty = doc.toString({ ...BASE_OUTPUT, lineWidth: 80, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER });
  if (readsBack(pretty)) return pretty;
  const plain = doc.toString({ ...BASE_OUTPUT, lineWidth: 0, singleQuote: false, doubleQuotedAsJSON: true });
  if (readsBack(plain)) return plain;
  throw new Error(`cannot write templates of ${file.dataset} as YAML that reads back the same`);
}

const BASE_OUTPUT = { blockQuote: false, indentSeq: false, singleQuote: true, nullStr: "null" } as const;

/** JSON with object keys sorted, so that key order (which the writer sorts) does not matter. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
