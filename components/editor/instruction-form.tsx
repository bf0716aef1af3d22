"use client";
import { INSTRUCTION_LIMITS, instructionAdvice, type InstructionExample } from "@/lib/templates/instruction-view";
import type { StudioInstruction } from "./studio-types";

interface Props {
  value: StudioInstruction;
  onChange(value: StudioInstruction): void;
  /** Server-side field errors (e.g. `instruction`). */
  error?: string;
}

const EMPTY_EXAMPLE: InstructionExample = { input: "", output: "", explanation: "" };

/**
 * The instruction part of an instruction template (Super-NaturalInstructions): the task's
 * definition, and positive and negative examples with their explanations. Every field has its own
 * accessible name ("Positive example 2 output"), rows are added and removed with buttons.
 */
export function InstructionForm({ value, onChange, error }: Props) {
  const advice = instructionAdvice(value);
  return (
    <fieldset className="instruction-form" aria-describedby="instruction-help">
      <legend>Instruction (Super-NaturalInstructions task)</legend>
      <p className="muted small" id="instruction-help">
        The task as a person would be told it: a definition, examples that are right and examples that are wrong, each with why. The template below
        turns the dataset&apos;s rows into the task&apos;s instances (input ||| output).
      </p>
      <div className="field">
        <label htmlFor="instruction-definition">Definition</label>
        <textarea
          id="instruction-definition"
          rows={4}
          value={value.definition}
          maxLength={INSTRUCTION_LIMITS.definition}
          placeholder="In this task, you are given … Your job is to …"
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange({ ...value, definition: e.target.value })}
        />
        {error ? <p className="field-error">{error}</p> : null}
      </div>
      <ExampleList kind="Positive" examples={value.positiveExamples} onChange={(positiveExamples) => onChange({ ...value, positiveExamples })} />
      <ExampleList kind="Negative" examples={value.negativeExamples} onChange={(negativeExamples) => onChange({ ...value, negativeExamples })} />
      {advice.length > 0 ? (
        <ul className="small instruction-advice" data-testid="instruction-advice" aria-label="Advice on the instruction">
          {advice.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

function ExampleList({ kind, examples, onChange }: { kind: "Positive" | "Negative"; examples: InstructionExample[]; onChange(examples: InstructionExample[]): void }) {
  const id = kind.toLowerCase();
  const set = (i: number, patch: Partial<InstructionExample>) => onChange(examples.map((e, j) => (j === i ? { ...e, ...patch } : e)));
  return (
    <section className="instruction-examples" aria-labelledby={`${id}-examples-heading`}>
      <h3 id={`${id}-examples-heading`} className="label">
        {kind} examples <span className="muted small">({kind === "Positive" ? "a right output and why it is right" : "a wrong output and why it is wrong"})</span>
      </h3>
      {examples.length === 0 ? <p className="muted small">None yet.</p> : null}
      <ol className="list-plain">
        {examples.map((e, i) => {
          const name = `${kind} example ${i + 1}`;
          return (
            <li key={i} className="instruction-example" aria-label={name}>
              {(["input", "output", "explanation"] as const).map((field) => (
                <label key={field} className="small">
                  <span>{field[0].toUpperCase() + field.slice(1)}</span>
                  <textarea
                    rows={field === "input" ? 3 : 2}
                    value={e[field]}
                    maxLength={INSTRUCTION_LIMITS.field}
                    aria-label={`${name} ${field}`}
                    onChange={(ev) => set(i, { [field]: ev.target.value })}
                  />
                </label>
              ))}
              <button type="button" className="secondary small" onClick={() => onChange(examples.filter((_, j) => j !== i))} aria-label={`Remove ${name.toLowerCase()}`}>
                Remove
              </button>
            </li>
          );
        })}
      </ol>
      <button type="button" className="secondary small" disabled={examples.length >= INSTRUCTION_LIMITS.examples} onClick={() => onChange([...examples, { ...EMPTY_EXAMPLE }])}>
        Add a {kind.toLowerCase()} example
      </button>
    </section>
  );
}
