import type { Instruction } from "@/lib/templates/instruction-view";

export interface TemplateVersionView {
  number: number;
  jinja: string;
  answerChoices: string | null;
  reference: string;
  metadata: { originalTask: boolean | null; choicesInPrompt: boolean | null; metrics: string[]; languages: string[] };
  extra: Record<string, unknown>;
  /** An instruction template's definition and examples; null for a prompt template. */
  instruction?: Instruction | null;
}

function yesNo(v: boolean | null): string {
  return v === null ? "not set" : v ? "yes" : "no";
}

export function TemplateSource({ version }: { version: TemplateVersionView }) {
  return (
    <>
      {version.instruction ? <InstructionView instruction={version.instruction} /> : null}
      <h3>{version.instruction ? "Instances (Jinja)" : "Prompt (Jinja)"}</h3>
      <pre data-testid="template-jinja">
        <code>{version.jinja}</code>
      </pre>
      <h3>Answer choices</h3>
      {version.answerChoices ? (
        <pre>
          <code>{version.answerChoices}</code>
        </pre>
      ) : (
        <p className="muted">None.</p>
      )}
    </>
  );
}

export function TemplateMetadata({ version }: { version: TemplateVersionView }) {
  const m = version.metadata;
  const extraKeys = Object.keys(version.extra ?? {});
  return (
    <dl className="meta-list">
      <dt>Original task</dt>
      <dd>{yesNo(m.originalTask)}</dd>
      <dt>Choices in prompt</dt>
      <dd>{yesNo(m.choicesInPrompt)}</dd>
      <dt>Metrics</dt>
      <dd>{m.metrics.length ? m.metrics.join(", ") : "none"}</dd>
      <dt>Languages</dt>
      <dd>{m.languages.length ? m.languages.join(", ") : "none"}</dd>
      <dt>Reference</dt>
      <dd>{version.reference || "none"}</dd>
      {extraKeys.length ? (
        <>
          <dt>Other fields</dt>
          <dd>
            <code>{extraKeys.join(", ")}</code>
          </dd>
        </>
      ) : null}
    </dl>
  );
}

const PRE_WRAP = { whiteSpace: "pre-wrap", overflowWrap: "anywhere" } as const;

/** An instruction template's definition and examples (Super-NaturalInstructions), read-only. */
export function InstructionView({ instruction }: { instruction: Instruction }) {
  const list = (title: string, xs: Instruction["positiveExamples"]) => (
    <>
      <h3>{title}</h3>
      {xs.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ol className="instruction-examples-view">
          {xs.map((e, i) => (
            <li key={i}>
              <dl className="meta-list">
                <dt>Input</dt>
                <dd style={PRE_WRAP}>{e.input}</dd>
                <dt>Output</dt>
                <dd style={PRE_WRAP}>{e.output}</dd>
                <dt>Explanation</dt>
                <dd style={PRE_WRAP}>{e.explanation || "none"}</dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
    </>
  );
  return (
    <div data-testid="template-instruction">
      <h3>Definition</h3>
      <p style={PRE_WRAP}>{instruction.definition}</p>
      {list("Positive examples", instruction.positiveExamples)}
      {list("Negative examples", instruction.negativeExamples)}
    </div>
  );
}
