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
import { INSTRUCTION_LIMITS, TEMPLATE_KINDS, type Instruction, type InstructionExample } from "./instruction-view";

export * from "./instruction-view";

export const templateKindSchema = z.enum(TEMPLATE_KINDS);

export const instructionExampleSchema = z.object({
  input: z.string().max(INSTRUCTION_LIMITS.field).refine((s) => s.trim() !== "", "An example needs an input"),
  output: z.string().max(INSTRUCTION_LIMITS.field).refine((s) => s.trim() !== "", "An example needs an output"),
  /** Why this output is right (positive) or wrong (negative); SNI asks for one on every example. */
  explanation: z.string().max(INSTRUCTION_LIMITS.field).default(""),
});

export const instructionSchema = z.object({
  definition: z.string().max(INSTRUCTION_LIMITS.definition).refine((s) => s.trim() !== "", "Write the definition of the task"),
  positiveExamples: z.array(instructionExampleSchema).max(INSTRUCTION_LIMITS.examples).default([]),
  negativeExamples: z.array(instructionExampleSchema).max(INSTRUCTION_LIMITS.examples).default([]),
});
export type InstructionInput = z.input<typeof instructionSchema>;
// The plain types (instruction-view.ts, free of zod for the browser) are what the schemas give.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameTypes: [Same<z.output<typeof instructionSchema>, Instruction>, Same<z.output<typeof instructionExampleSchema>, InstructionExample>] = [true, true];
void sameTypes;

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

