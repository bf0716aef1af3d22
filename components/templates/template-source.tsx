export interface TemplateVersionView {
  number: number;
  jinja: string;
  answerChoices: string | null;
  reference: string;
  metadata: { originalTask: boolean | null; choicesInPrompt: boolean | null; metrics: string[]; languages: string[] };
  extra: Record<string, unknown>;
}

function yesNo(v: boolean | null): string {
  return v === null ? "not set" : v ? "yes" : "no";
}

export function TemplateSource({ version }: { version: TemplateVersionView }) {
  return (
    <>
      <h3>Prompt (Jinja)</h3>
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
