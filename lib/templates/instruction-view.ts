/**
 * Template kinds and the instruction part of an instruction template, as plain types and helpers
 * without zod (the studio imports these in the browser). The schemas and the stored and file forms
 * are in instruction.ts, which re-exports everything here.
 */
export const TEMPLATE_KINDS = ["prompt", "instruction"] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Sizes: an SNI definition is a paragraph or two; examples are single rows of a dataset. */
export const INSTRUCTION_LIMITS = { definition: 20_000, field: 20_000, examples: 50 } as const;

export interface InstructionExample {
  input: string;
  output: string;
  /** Why this output is right (positive) or wrong (negative). */
  explanation: string;
}

export interface Instruction {
  definition: string;
  positiveExamples: InstructionExample[];
  negativeExamples: InstructionExample[];
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
