/**
 * Template kinds and the instruction part of an `instruction` template.
 *
 * A `prompt` template (the default) is a PromptSource template: Jinja that renders
 * `input ||| target`. An `instruction` template is the same Jinja (it still makes the examples,
 * Super-NaturalInstructions' "Instances", from the dataset's rows) plus what a
 * Super-NaturalInstructions (SNI) task states around them: a Definition and Positive and Negative
 * Examples, each with an explanation (Wang et al. 2022; allenai/natural-instructions `tasks/*.json`).
 *
 * Stored as JSON text beside the version (`TemplateVersion.instructionJson`), in the camelCase shape
 * of `instructionSchema`; in files (a templates.yaml's extra `instruction` field) in the snake_case
 * shape of `instructionFileSchema`, which PromptSource's loader keeps as an unknown attribute.
 */
import { z } from "zod";

export const TEMPLATE_KINDS = ["prompt", "instruction"] as const;
export const templateKindSchema = z.enum(TEMPLATE_KINDS);
export type TemplateKind = z.infer<typeof templateKindSchema>;

/** Sizes: an SNI definition is a paragraph or two; examples are single rows of a dataset. */
export const INSTRUCTION_LIMITS = { definition: 20_000, field: 20_000, examples: 50 } as const;

export const instructionExampleSchema = z.object({
  input: z.string().max(INSTRUCTION_LIMITS.field).refine((s) => s.trim() !== "", "An example needs an input"),
  output: z.string().max(INSTRUCTION_LIMITS.field).refine((s) => s.trim() !== "", "An example needs an output"),
  /** Why this output is right (positive) or wrong (negative); SNI asks for one on every example. */
  explanation: z.string().max(INSTRUCTION_LIMITS.field).default(""),
});
export type InstructionExample = z.output<typeof instructionExampleSchema>;

export const instructionSchema = z.object({
  definition: z.string().max(INSTRUCTION_LIMITS.definition).refine((s) => s.trim() !== "", "Write the definition of the task"),
  positiveExamples: z.array(instructionExampleSchema).max(INSTRUCTION_LIMITS.examples).default([]),
  negativeExamples: z.array(instructionExampleSchema).max(INSTRUCTION_LIMITS.examples).default([]),
});
export type Instruction = z.output<typeof instructionSchema>;
export type InstructionInput = z.input<typeof instructionSchema>;

/** The same data as written in a templates.yaml (snake_case, PromptSource's style of keys). */
export const instructionFileSchema = z
  .object({
    definition: instructionSchema.shape.definition,
    positive_examples: instructionSchema.shape.positiveExamples,
    negative_examples: instructionSchema.shape.negativeExamples,
  })
  .strict();

export function toInstructionFile(i: Instruction): z.output<typeof instructionFileSchema> {
  const ex = (e: InstructionExample) => ({ input: e.input, output: e.output, explanation: e.explanation });
  return { definition: i.definition, positive_examples: i.positiveExamples.map(ex), negative_examples: i.negativeExamples.map(ex) };
}

export function fromInstructionFile(v: unknown): { ok: true; instruction: Instruction } | { ok: false; message: string } {
  const r = instructionFileSchema.safeParse(v);
  if (!r.success) return { ok: false, message: describeIssue(r.error.issues[0]) };
  return { ok: true, instruction: { definition: r.data.definition, positiveExamples: r.data.positive_examples, negativeExamples: r.data.negative_examples } };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return where + issue.message;
}

/** Parses stored JSON text; null for a prompt version, an unreadable or invalid text (one bad row must not break a page). */
export function parseInstructionJson(text: string | null): Instruction | null {
  if (text === null) return null;
  try {
    const r = instructionSchema.safeParse(JSON.parse(text));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

/** The stored form: keys in a fixed order so that equal instructions are equal text. */
export function instructionJson(i: Instruction): string {
  const ex = (e: InstructionExample) => ({ input: e.input, output: e.output, explanation: e.explanation });
  return JSON.stringify({ definition: i.definition, positiveExamples: i.positiveExamples.map(ex), negativeExamples: i.negativeExamples.map(ex) });
}

/**
 * What SNI's own task checks (allenai/natural-instructions `src/test_all.py`) would refuse in the
 * instruction part, as advice: the studio shows it, saving is still allowed (a draft may be short).
 */
export function instructionAdvice(i: Pick<Instruction, "definition" | "positiveExamples" | "negativeExamples">): string[] {
  const out: string[] = [];
  if (i.definition.trim() === "") out.push("Write the definition: what the task asks, in plain words.");
  if (i.positiveExamples.length < 2) out.push("Super-NaturalInstructions tasks have at least 2 positive examples.");
  if (i.negativeExamples.length < 1) out.push("Super-NaturalInstructions tasks have at least 1 negative example.");
  const missing = [...i.positiveExamples, ...i.negativeExamples].filter((e) => e.explanation.trim() === "").length;
  if (missing > 0) out.push(`${missing} example${missing === 1 ? " has" : "s have"} no explanation; every SNI example explains itself.`);
  return out;
}

/** A plain-text view of the instruction, for diffs between versions. */
export function instructionText(i: Instruction | null): string {
  if (i === null) return "";
  const block = (title: string, xs: InstructionExample[]) =>
    xs.length === 0
      ? [`${title}: none`]
      : xs.flatMap((e, n) => [`${title} ${n + 1}`, `  input: ${e.input}`, `  output: ${e.output}`, `  explanation: ${e.explanation}`]);
  return ["Definition:", i.definition, "", ...block("Positive example", i.positiveExamples), "", ...block("Negative example", i.negativeExamples)].join("\n") + "\n";
}
