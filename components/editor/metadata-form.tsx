import { useEffect, useState } from "react";
import type { StudioMetadata } from "./studio-types";
import "./template-operations.css";
import { LANGUAGES, languageName, parseLanguageCodes } from "@/lib/templates/languages";

/** "English (en)", … by name: what the picker offers (the browser filters it as one types). */
const LANGUAGE_OPTIONS = Object.entries(LANGUAGES)
  .map(([code, name]) => `${name} (${code})`)
  .sort((a, b) => a.localeCompare(b));
import { PROMPTSOURCE_METRICS } from "@/lib/templates/metrics";

interface Props {
  value: StudioMetadata;
  onChange(value: StudioMetadata): void;
  /** From the preview: do the rendered inputs contain every answer choice? null without evidence. */
  suggestedChoicesInPrompt: boolean | null;
  /** Bumped when the value is replaced from outside (so the languages text follows). */
  revision: number;
}

/** PromptSource's template metadata: reference, original_task, choices_in_prompt, metrics, languages. */
export function MetadataForm({ value, onChange, suggestedChoicesInPrompt, revision }: Props) {
  const [languagesText, setLanguagesText] = useState(value.languages.join(", "));
  const [languageQuery, setLanguageQuery] = useState("");
  useEffect(() => setLanguagesText(value.languages.join(", ")), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const parsed = parseLanguageCodes(languagesText);
  const set = (patch: Partial<StudioMetadata>) => onChange({ ...value, ...patch });
  return (
    <fieldset className="metadata-form">
      <legend>Metadata</legend>
      <div className="field">
        <label htmlFor="template-reference">Reference</label>
        <input id="template-reference" type="text" value={value.reference} maxLength={5000} placeholder="Where the prompt comes from (optional)" onChange={(e) => set({ reference: e.target.value })} />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" checked={value.originalTask === true} onChange={(e) => set({ originalTask: e.target.checked })} /> <span id="original-task-label">Original task</span>
          <span className="muted small"> (the prompt asks for the task the dataset was made for)</span>
        </label>
        <NotSet value={value.originalTask} describedBy="original-task-label" onUnset={() => set({ originalTask: null })} />
      </div>
      <div className="field">
        <label>
          <input type="checkbox" checked={value.choicesInPrompt === true} onChange={(e) => set({ choicesInPrompt: e.target.checked })} aria-describedby="choices-in-prompt-hint" /> <span id="choices-in-prompt-label">Choices in prompt</span>
        </label>
        <NotSet value={value.choicesInPrompt} describedBy="choices-in-prompt-label" onUnset={() => set({ choicesInPrompt: null })} />
        <p className="muted small" id="choices-in-prompt-hint" data-testid="choices-in-prompt-hint">
          {suggestedChoicesInPrompt === null
            ? "The preview rows have no answer choices to compare with."
            : suggestedChoicesInPrompt
              ? "Suggested: checked — every answer choice appears in the rendered input of the preview rows."
              : "Suggested: unchecked — some answer choice is missing from the rendered input of a preview row."}
        </p>
      </div>
      <fieldset className="field metrics-field">
        <legend>Metrics</legend>
        <div className="metrics-options">
          {PROMPTSOURCE_METRICS.map((m) => (
            <label key={m} className="small">
              <input
                type="checkbox"
                checked={value.metrics.includes(m)}
                onChange={(e) => set({ metrics: e.target.checked ? PROMPTSOURCE_METRICS.filter((x) => x === m || value.metrics.includes(x)) : value.metrics.filter((x) => x !== m) })}
              />{" "}
              {m}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="template-languages">Languages</label>
        <input
          id="template-languages"
          type="text"
          value={languagesText}
          placeholder="ISO 639-1 codes, comma-separated, e.g. en, fr"
          aria-invalid={parsed.unknown.length > 0 ? true : undefined}
          aria-describedby="template-languages-names"
          onChange={(e) => {
            setLanguagesText(e.target.value);
            set({ languages: parseLanguageCodes(e.target.value).codes });
          }}
        />
        <div className="language-picker">
          <label htmlFor="template-language-add" className="small">
            Add a language
          </label>
          <input
            id="template-language-add"
            type="text"
            list="template-language-options"
            value={languageQuery}
            placeholder="Type a name or a code, e.g. Swahili"
            onChange={(e) => {
              const picked = /\(([a-z]{2})\)$/.exec(e.target.value);
              if (picked && LANGUAGES[picked[1]] && !value.languages.includes(picked[1])) {
                const languages = [...value.languages, picked[1]];
                setLanguagesText(languages.join(", "));
                set({ languages });
                setLanguageQuery("");
              } else setLanguageQuery(e.target.value);
            }}
          />
          <datalist id="template-language-options">
            {LANGUAGE_OPTIONS.map((o) => (
              <option key={o} value={o} />
            ))}
          </datalist>
        </div>
        <p className="small" id="template-languages-names" data-testid="language-names">
          {parsed.codes.map((c) => `${languageName(c)} (${c})`).join(", ")}
          {parsed.unknown.length > 0 ? (
            <span className="field-error"> Not ISO 639-1 codes (ignored): {parsed.unknown.join(", ")}.</span>
          ) : null}
        </p>
      </div>
    </fieldset>
  );
}

/**
 * PromptSource distinguishes "not set" from false (the YAML then has no value): an untouched box
 * stays unset, and a set one can go back to unset.
 */
function NotSet({ value, describedBy, onUnset }: { value: boolean | null; describedBy: string; onUnset(): void }) {
  if (value === null) return <span className="muted small"> Not set.</span>;
  return (
    <button type="button" className="link-button small" onClick={onUnset} aria-describedby={describedBy}>
      Unset
    </button>
  );
}
