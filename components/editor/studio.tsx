"use client";
import { useRouter } from "next/navigation";
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from "react";
import { applyLintFix, lintTemplate, type LintIssue, type PreviewResultForLint } from "@/lib/templates/lint";
import { toPreviewExample, rowsJsonOf, type PreviewExample } from "@/lib/preview/preview-examples";
import type { PreviewOutcome } from "@/lib/preview/preview-scheduler";
import { answerChoicesFromClassNames } from "@/lib/preview/visible-whitespace";
import { clearDraft, draftDiffers, draftKey, loadDraft, saveDraft, type Draft } from "@/lib/preview/drafts";
import { PreviewExamples } from "@/components/preview/preview-examples";
import { usePreviewRenderer } from "@/components/preview/use-preview-renderer";
import { PreviewControls, type RowRequest } from "@/components/preview/preview-controls";
import { WholeSplit } from "@/components/preview/whole-split";
import { fieldCatalog } from "@/lib/templates/lint-fields";
import { lineNotesFor, type LineComment } from "@/lib/review/line-notes";
import { CodeDiff, CodeEditor } from "./code-editor";
import { ReviewNotes } from "./review-notes";
import { LintChecks } from "./lint-checks";
import { MetadataForm } from "./metadata-form";
import { InstructionForm } from "./instruction-form";
import { suggestChoicesInPrompt } from "@/lib/templates/metrics";
import type {
  ClassLabelColumn,
  CreateInput,
  LoadedRows,
  LoadRowsInput,
  PreviewRow,
  RestoreInput,
  SaveInput,
  SaveOutcome,
  SiblingTemplate,
  SplitInfo,
  StudioInstruction,
  StudioMetadata,
  StudioResult,
  StudioTemplateKind,
  StudioVersion,
} from "./studio-types";
import { VersionDiff } from "./version-diff";
import { VersionHistory } from "./version-history";
import { SubmitForReviewButton, type SubmitForReview } from "@/components/review/submit-for-review-button";
import "./studio.css";

/**
 * Preview limits, much tighter than the server's: the time limit applies per row, so all preview
 * rows of a runaway template (5 × 100 ms) end well before the 1 s after which the sandbox is restarted.
 */
const PREVIEW_LIMITS = { timeoutMs: 100 };
/**
 * No debounce: the scheduler keeps one render in flight and sends only the newest text after it,
 * which coalesces fast typing by itself (a 50 ms debounce measured 78 ms p50 keystroke-to-paint,
 * without it see `npm run bench:preview`).
 */

const EMPTY_METADATA: StudioMetadata = { reference: "", originalTask: null, choicesInPrompt: null, metrics: [], languages: [] };
const EMPTY_INSTRUCTION: StudioInstruction = { definition: "", positiveExamples: [], negativeExamples: [] };
const sameInstruction = (a: StudioInstruction | null, b: StudioInstruction | null) => JSON.stringify(a ?? EMPTY_INSTRUCTION) === JSON.stringify(b ?? EMPTY_INSTRUCTION);

interface CommonProps {
  datasetId: string;
  /** The first sample rows of the first split (the preview's rows until the author picks others). */
  rows: PreviewRow[];
  splits: SplitInfo[];
  labelColumns: ClassLabelColumn[];
  /** The dataset's Hugging Face features (for the field checks and completion); null when unknown. */
  features: Record<string, unknown> | null;
  /** The dataset's other templates, for the duplicate name/jinja checks. */
  siblings: SiblingTemplate[];
  onLoadRows(input: LoadRowsInput): Promise<StudioResult<LoadedRows>>;
}

type Props =
  | (CommonProps & {
      mode: "new";
      onCreate(input: CreateInput): Promise<StudioResult<{ templateId: string }>>;
    })
  | (CommonProps & {
      mode: "edit";
      /** Fixed at creation: prompt (PromptSource) or instruction (Super-NaturalInstructions task). */
      kind: StudioTemplateKind;
      templateId: string;
      initialName: string;
      current: StudioVersion;
      versions: StudioVersion[];
      onSave(input: SaveInput): Promise<StudioResult<SaveOutcome>>;
      onRestore(input: RestoreInput): Promise<StudioResult<SaveOutcome>>;
      onSubmitForReview?: SubmitForReview;
      /** The template's review comments (every version); open line threads go in the editor's gutter. */
      reviewComments?: LineComment[];
    });

export function Studio(props: Props) {
  const router = useRouter();
  const editing = props.mode === "edit" ? props : null;
  const [name, setName] = useState(editing?.initialName ?? "");
  const [jinja, setJinjaState] = useState(editing?.current.jinja ?? "");
  /**
   * The editors' text as of their last change. Monaco reports changes outside React's events, so
   * React renders them a little later; a Ctrl+S pressed right after the last keystroke must save
   * what is in the editor, not the last render's text.
   */
  const typed = useRef({ jinja, answerChoices: editing?.current.answerChoices ?? "" });
  const setJinja = (text: string) => {
    typed.current.jinja = text;
    setJinjaState(text);
  };
  /** Bumped when the text is replaced from outside the editor (restore, load the server's version). */
  const [revision, setRevision] = useState(0);
  const replaceJinja = (text: string) => {
    setJinja(text);
    setRevision((r) => r + 1);
  };
  const [answerChoices, setAnswerChoicesState] = useState(editing?.current.answerChoices ?? "");
  const typeAnswerChoices = (text: string) => {
    typed.current.answerChoices = text;
    setAnswerChoicesState(text);
  };
  const [choicesRevision, setChoicesRevision] = useState(0);
  /** Replaces the answer choices from outside their editor (one click, restore, load). */
  const setAnswerChoices = (text: string) => {
    typeAnswerChoices(text);
    setChoicesRevision((r) => r + 1);
  };
  const [message, setMessage] = useState("");
  const [metadata, setMetadata] = useState<StudioMetadata>(editing?.current.metadata ?? EMPTY_METADATA);
  const [metadataRevision, setMetadataRevision] = useState(0);
  // New templates choose their kind; an existing template's is fixed.
  const [kind, setKind] = useState<StudioTemplateKind>(editing?.kind ?? "prompt");
  const [instruction, setInstruction] = useState<StudioInstruction>(editing?.current.instruction ?? EMPTY_INSTRUCTION);
  /** The instruction sent with a save: only an instruction template has one. */
  const instructionToSave = kind === "instruction" ? instruction : undefined;
  const replaceMetadata = (m: StudioMetadata) => {
    setMetadata(m);
    setMetadataRevision((r) => r + 1);
  };
  const [baseVersion, setBaseVersion] = useState(editing?.current.number ?? 0);
  const [saved, setSaved] = useState<{ jinja: string; answerChoices: string; name: string; metadata: StudioMetadata; instruction: StudioInstruction | null } | null>(
    editing
      ? { jinja: editing.current.jinja, answerChoices: editing.current.answerChoices ?? "", name: editing.initialName, metadata: editing.current.metadata, instruction: editing.current.instruction }
      : null,
  );
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<{ message: string; fields?: Record<string, string> } | null>(null);
  const [conflict, setConflict] = useState<{ latest: StudioVersion; mine: string; merged: string } | null>(null);
  const [examples, setExamples] = useState<PreviewExample[] | null>(null);
  const [previewStatus, setPreviewStatus] = useState<string>("Starting the preview…");
  const [showWhitespace, setShowWhitespace] = useState(false);
  const changedAt = useRef(0);
  const [previewResults, setPreviewResults] = useState<PreviewResultForLint[] | null>(null);
  const [rows, setRows] = useState<PreviewRow[]>(props.rows);
  const [rowsNote, setRowsNote] = useState<string | null>(null);
  const [loadingRows, setLoadingRows] = useState(false);
  const [view, setView] = useState<"rows" | "split">("rows");
  const [pendingRestore, setPendingRestore] = useState<number | null>(null);
  const [compare, setCompare] = useState<{ older: number; newer: number } | null>(null);

  // Review threads, carried to the lines of the text as it is when it is (re)placed in the editor or the
  // comments change; Monaco moves them with the author's typing in between.
  const reviewComments = editing?.reviewComments;
  const versionTexts = useMemo(() => new Map((editing?.versions ?? []).map((v) => [v.number, v.jinja])), [editing?.versions]);
  // Deliberately not keyed on `jinja`: the text at those moments, not at every keystroke.
  const reviewNotes = useMemo(() => lineNotesFor(reviewComments ?? [], versionTexts, jinja), [reviewComments, versionTexts, revision]);
  const editorNotes = useMemo(
    () =>
      reviewNotes.map((n) => ({
        line: n.line,
        message: `${n.authorName} on version ${n.versionNumber}, line ${n.originalLine}${n.moved ? " (changed since)" : ""}: ${n.body}${n.replies ? ` (${n.replies} repl${n.replies === 1 ? "y" : "ies"})` : ""}`,
      })),
    [reviewNotes],
  );

  const rowsJson = useMemo(() => rowsJsonOf(rows), [rows]);
  const seeds = useMemo(() => rows.map((r) => r.index), [rows]);
  const rowLabels = useMemo(() => rows.map((r) => r.label), [rows]);
  // Completion and hover: the dataset's fields with an example value from the preview rows.
  const fields = useMemo(() => fieldCatalog(props.features, rows.slice(0, 5).map((r) => safeParse(r.dataJson))), [props.features, rows]);

  const loadRows = async (request: RowRequest) => {
    setLoadingRows(true);
    try {
      const r = await props.onLoadRows({ datasetId: props.datasetId, split: request.split, offset: request.offset, limit: request.limit, indexes: request.indexes });
      if (!r.ok) setRowsNote(`The rows could not be loaded: ${r.error.message}`);
      else {
        setRows(r.data.rows);
        setRowsNote(`Showing ${request.description}.`);
      }
    } finally {
      setLoadingRows(false);
    }
  };

  const onOutcome = useCallback(
    (o: PreviewOutcome) => {
      const labels = rowLabels;
      if (o.kind === "response") {
        if (!o.response.ok) {
          setPreviewStatus(`The preview failed: ${o.response.error}`);
          return;
        }
        setExamples(o.response.results.map((r) => toPreviewExample(r, labels[r.rowIndex] ?? `row ${r.rowIndex}`)));
        setPreviewResults(o.response.results);
        const since = changedAt.current;
        const engineMs = o.response.engineMs;
        requestAnimationFrame(() =>
          setPreviewStatus(`Rendered ${labels.length} row${labels.length === 1 ? "" : "s"} in ${Math.round(performance.now() - since)} ms (engine ${engineMs.toFixed(1)} ms)`),
        );
      } else {
        const why =
          o.kind === "timeout"
            ? `The preview did not answer within ${Math.round(o.ms)} ms and was restarted: the template probably runs too long.`
            : o.message;
        setExamples(labels.map((rowLabel) => ({ rowLabel, input: null, target: null, choices: null, error: why, warning: null })));
        setPreviewResults(null);
        setPreviewStatus(why);
      }
    },
    [rowLabels],
  );
  const preview = usePreviewRenderer(onOutcome);

  useEffect(() => {
    changedAt.current = performance.now();
    preview.request({
      templates: [{ id: editing?.templateId ?? "new", name: name || "new template", jinja, answerChoices: answerChoices.trim() === "" ? null : answerChoices }],
      rows: rowsJson,
      seeds,
      limits: PREVIEW_LIMITS,
    });
    // name is not part of the rendered output; re-rendering on renames would be wasted work
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jinja, answerChoices, rowsJson, seeds]);

  // Deferred: typing stays first; the checks follow as soon as React has time.
  const lintJinja = useDeferredValue(jinja);
  const lintChoices = useDeferredValue(answerChoices);
  const lintName = useDeferredValue(name);
  const issues = useMemo(
    () => lintTemplate({ jinja: lintJinja, answerChoices: lintChoices, features: props.features, previewResults, rowLabels, name: lintName, siblings: props.siblings }),
    [lintJinja, lintChoices, props.features, previewResults, rowLabels, lintName, props.siblings],
  );
  const markers = useMemo(
    () => issues.flatMap((i) => (i.line ? [{ severity: i.severity, message: i.message, line: i.line, column: i.column ?? 1 }] : [])),
    [issues],
  );

  // The whole-split view re-renders its page when the text settles (deferred like the checks).
  const wholeSplitTemplate = useMemo(
    () => ({ id: editing?.templateId ?? "new", name: name || "new template", jinja: lintJinja, answerChoices: lintChoices.trim() === "" ? null : lintChoices }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [lintJinja, lintChoices],
  );

  const dirty =
    !saved ||
    saved.jinja !== jinja ||
    saved.answerChoices !== answerChoices ||
    saved.name !== name ||
    JSON.stringify(saved.metadata) !== JSON.stringify(metadata) ||
    (kind === "instruction" && !sameInstruction(saved.instruction, instruction));
  const suggestedChoicesInPrompt = useMemo(() => suggestChoicesInPrompt(previewResults ?? []), [previewResults]);

  // Unsaved edits are kept in this browser (a closed tab or a crash loses nothing) and offered back.
  const key = draftKey(editing ? { templateId: editing.templateId } : { datasetId: (props as { datasetId: string }).datasetId });
  const [offeredDraft, setOfferedDraft] = useState<Draft | null>(null);
  const draftChecked = useRef(false);
  useEffect(() => {
    if (draftChecked.current) return;
    draftChecked.current = true;
    const draft = loadDraft(window.localStorage, key);
    const loaded = {
      name: editing?.initialName ?? "",
      jinja: editing?.current.jinja ?? "",
      answerChoices: editing?.current.answerChoices ?? "",
      metadata: editing?.current.metadata ?? EMPTY_METADATA,
      instruction: editing?.current.instruction ?? undefined,
    };
    if (draft && draftDiffers(draft, loaded)) setOfferedDraft(draft);
    else if (draft) clearDraft(window.localStorage, key);
    // once, on mount
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const hasUnsaved =
    dirty && (jinja !== "" || answerChoices !== "" || JSON.stringify(metadata) !== JSON.stringify(EMPTY_METADATA) || (kind === "instruction" && !sameInstruction(instruction, null)));
  useEffect(() => {
    // While a draft is on offer, do not overwrite it with the freshly loaded text.
    if (!hasUnsaved || offeredDraft) return;
    const t = window.setTimeout(
      () =>
        saveDraft(window.localStorage, key, {
          name,
          jinja,
          answerChoices,
          baseVersion,
          savedAt: new Date().toISOString(),
          metadata,
          ...(kind === "instruction" ? { kind, instruction } : {}),
        }),
      300,
    );
    return () => window.clearTimeout(t);
  }, [hasUnsaved, offeredDraft, key, name, jinja, answerChoices, baseVersion, metadata, kind, instruction]);
  // Closing the tab with unsaved edits also asks first.
  useEffect(() => {
    if (!hasUnsaved) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [hasUnsaved]);

  const applyOutcome = (outcome: SaveOutcome, what: string, replaceText: boolean) => {
    if (outcome.status === "conflict") {
      setConflict({ latest: outcome.latest, mine: typed.current.jinja, merged: typed.current.jinja });
      setNotice(null);
      return;
    }
    setConflict(null);
    clearDraft(window.localStorage, key);
    setBaseVersion(outcome.version.number);
    setSaved({ jinja: outcome.version.jinja, answerChoices: outcome.version.answerChoices ?? "", name: outcome.name, metadata: outcome.version.metadata, instruction: outcome.version.instruction });
    if (replaceText) {
      replaceJinja(outcome.version.jinja);
      setAnswerChoices(outcome.version.answerChoices ?? "");
      replaceMetadata(outcome.version.metadata);
      if (outcome.version.instruction) setInstruction(outcome.version.instruction);
    }
    setMessage("");
    setNotice(`${what} version ${outcome.version.number}.`);
    router.refresh();
  };

  const save = async () => {
    if (busy) return;
    const { jinja, answerChoices } = typed.current;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      if (props.mode === "new") {
        const r = await props.onCreate({ datasetId: props.datasetId, name, jinja, answerChoices, message, metadata, kind, instruction: instructionToSave });
        if (!r.ok) setError(r.error);
        else {
          setSaved({ jinja, answerChoices, name, metadata, instruction: instructionToSave ?? null });
          clearDraft(window.localStorage, key);
          setNotice("Saved version 1.");
          router.push(`/templates/${r.data.templateId}/edit`);
        }
      } else {
        const r = await props.onSave({ templateId: props.templateId, baseVersion, name, jinja, answerChoices, message, metadata, instruction: instructionToSave });
        if (!r.ok) setError(r.error);
        else applyOutcome(r.data, "Saved", false);
      }
    } finally {
      setBusy(false);
    }
  };

  /** Restoring replaces the editor's text: with unsaved edits, ask first (they would be lost). */
  const askRestore = (number: number) => {
    if (dirty) setPendingRestore(number);
    else void restore(number);
  };

  const restore = async (number: number) => {
    if (props.mode !== "edit" || busy) return;
    setPendingRestore(null);
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await props.onRestore({ templateId: props.templateId, baseVersion, number });
      if (!r.ok) setError(r.error);
      else applyOutcome(r.data, `Restored version ${number} as`, true);
    } finally {
      setBusy(false);
    }
  };

  // Ctrl/Cmd+S anywhere on the page, the editor included (capture: before Monaco sees it).
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
        e.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, []);

  return (
    <div className="studio">
      <div className="studio-main">
        <section className="card studio-form">
          {offeredDraft ? (
            <div className="alert alert-info draft-offer" role="alert" data-testid="draft-offer">
              <span>
                You have unsaved edits from <time dateTime={offeredDraft.savedAt}>{offeredDraft.savedAt.slice(0, 16).replace("T", " ")} UTC</time>
                {editing && offeredDraft.baseVersion !== baseVersion
                  ? `, started from version ${offeredDraft.baseVersion} (the latest is now ${baseVersion}; saving them puts them on top of it)`
                  : ""}
                .
              </span>
              <span className="studio-actions">
                <button
                  type="button"
                  className="small"
                  onClick={() => {
                    replaceJinja(offeredDraft.jinja);
                    setAnswerChoices(offeredDraft.answerChoices);
                    setName(offeredDraft.name);
                    if (offeredDraft.metadata) replaceMetadata(offeredDraft.metadata);
                    if (offeredDraft.instruction) setInstruction(offeredDraft.instruction);
                    if (!editing && offeredDraft.kind) setKind(offeredDraft.kind);
                    setOfferedDraft(null);
                  }}
                >
                  Restore unsaved edits
                </button>
                <button
                  type="button"
                  className="secondary small"
                  onClick={() => {
                    clearDraft(window.localStorage, key);
                    setOfferedDraft(null);
                  }}
                >
                  Discard them
                </button>
              </span>
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="template-name">Name</label>
            <input id="template-name" type="text" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={error?.fields?.name ? true : undefined} />
            {error?.fields?.name ? <p className="field-error">{error.fields.name}</p> : null}
          </div>
          {props.mode === "new" ? (
            <fieldset className="field kind-choice">
              <legend>Kind</legend>
              <label>
                <input type="radio" name="template-kind" value="prompt" checked={kind === "prompt"} onChange={() => setKind("prompt")} /> Prompt{" "}
                <span className="muted small">(a PromptSource template: input ||| target)</span>
              </label>
              <label>
                <input type="radio" name="template-kind" value="instruction" checked={kind === "instruction"} onChange={() => setKind("instruction")} />{" "}
                Instruction <span className="muted small">(a Super-NaturalInstructions task: definition, examples, and the template for its instances)</span>
              </label>
            </fieldset>
          ) : kind === "instruction" ? (
            <p className="small" data-testid="template-kind">
              Kind: instruction (a Super-NaturalInstructions task)
            </p>
          ) : null}
          {kind === "instruction" ? (
            <InstructionForm
              value={instruction}
              onChange={setInstruction}
              error={error?.fields ? Object.entries(error.fields).find(([k]) => k === "instruction" || k.startsWith("instruction."))?.[1] : undefined}
            />
          ) : null}
          <div className="field">
            <span className="label" id="template-label">
              Template <span className="muted small">{kind === "instruction" ? "(each row's instance: input ||| output)" : "(input ||| target)"}</span>
            </span>
            <CodeEditor ariaLabel="Template" value={jinja} revision={revision} onChange={setJinja} height={300} markers={markers} fields={fields} lineNotes={editorNotes} />
            {editing && reviewNotes.length > 0 ? <ReviewNotes templateId={editing.templateId} notes={reviewNotes} /> : null}
            <p className="muted small">
              Ctrl+Space proposes the dataset&apos;s fields, filters and tests; hover a field for its type and an example. Tab leaves the editor (Ctrl+M
              toggles).
            </p>
            <LintChecks
              issues={issues}
              onFix={(issue: LintIssue) => {
                // The issue was found on the deferred text; apply it to what is in the editor now.
                const fixed = applyLintFix(jinja, issue);
                if (fixed !== null) replaceJinja(fixed);
              }}
            />
            {error?.fields?.jinja ? <p className="field-error">{error.fields.jinja}</p> : null}
          </div>
          <div className="field">
            <span className="label">
              Answer choices <span className="muted small">(optional; Jinja, choices separated by |||, e.g. no ||| yes)</span>
            </span>
            <CodeEditor ariaLabel="Answer choices" value={answerChoices} revision={choicesRevision} onChange={typeAnswerChoices} height={56} fields={fields} compact />
            {props.labelColumns.length > 0 ? (
              <div className="studio-actions">
                {props.labelColumns.map((c) => (
                  <button
                    key={c.name}
                    type="button"
                    className="secondary small"
                    title={answerChoicesFromClassNames(c.classNames)}
                    onClick={() => setAnswerChoices(answerChoicesFromClassNames(c.classNames))}
                  >
                    Use the names of {c.name}
                  </button>
                ))}
              </div>
            ) : null}
          </div>
          <MetadataForm value={metadata} onChange={setMetadata} suggestedChoicesInPrompt={suggestedChoicesInPrompt} revision={metadataRevision} />
          <div className="field">
            <label htmlFor="version-message">Message</label>
            <input id="version-message" type="text" value={message} maxLength={500} placeholder="What changed (optional)" onChange={(e) => setMessage(e.target.value)} />
          </div>
          <div className="studio-actions">
            <button type="button" onClick={() => void save()} disabled={busy} aria-keyshortcuts="Control+S Meta+S">
              {busy ? "Saving…" : "Save"}
            </button>
            <span className="muted small" data-testid="save-state">
              {props.mode === "edit" ? `Editing on version ${baseVersion}` : "Not saved yet"}
              {dirty ? " · unsaved changes" : " · saved"}
            </span>
            {editing?.onSubmitForReview ? <SubmitForReviewButton templateId={editing.templateId} onSubmit={editing.onSubmitForReview} blockedReason={dirty ? "Save first: review takes saved versions." : null} /> : null}
          </div>
          {notice ? (
            <p className="alert alert-ok" role="status">
              {notice}
            </p>
          ) : null}
          {error && !conflict ? (
            <p className="alert alert-error" role="alert">
              {error.message}
            </p>
          ) : null}
          {conflict ? (
            <div className="conflict" data-testid="conflict">
              <p className="alert alert-error" role="alert">
                Not saved: {conflict.latest.author.name ?? "someone"} saved version {conflict.latest.number} after the version {baseVersion} you
                started from. Nothing was overwritten and your text is still in the editor. Merge the two below, then save on top of version{" "}
                {conflict.latest.number}, or load theirs.
              </p>
              <p className="small muted" id="merge-help">
                Left: version {conflict.latest.number} on the server, by {conflict.latest.author.name ?? "unknown"}. Right: yours, editable. Edit
                the right side into the text you want; the arrow beside a change copies the server&apos;s lines over yours.
              </p>
              <CodeDiff
                ariaLabel="Merge"
                original={conflict.latest.jinja}
                modified={conflict.mine}
                height={220}
                sideLabels={{ original: `version ${conflict.latest.number} on the server`, modified: "yours, editable" }}
                onModifiedChange={(text) => setConflict((c) => (c ? { ...c, merged: text } : c))}
              />
              {conflict.latest.answerChoices !== (answerChoices || null) ? (
                <p className="small">
                  Answer choices on the server: <code>{conflict.latest.answerChoices ?? "(none)"}</code>; yours: <code>{answerChoices || "(none)"}</code>.
                </p>
              ) : null}
              <div className="studio-actions">
                <button
                  type="button"
                  onClick={() => {
                    setBaseVersion(conflict.latest.number);
                    if (conflict.merged !== conflict.mine) replaceJinja(conflict.merged);
                    setConflict(null);
                    setNotice(`Now editing on version ${conflict.latest.number} with the merged text. Save when ready.`);
                  }}
                >
                  Use the merge on top of version {conflict.latest.number}
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setBaseVersion(conflict.latest.number);
                    replaceJinja(conflict.latest.jinja);
                    setAnswerChoices(conflict.latest.answerChoices ?? "");
                    replaceMetadata(conflict.latest.metadata);
                    if (conflict.latest.instruction) setInstruction(conflict.latest.instruction);
                    setSaved({
                      jinja: conflict.latest.jinja,
                      answerChoices: conflict.latest.answerChoices ?? "",
                      name,
                      metadata: conflict.latest.metadata,
                      instruction: conflict.latest.instruction,
                    });
                    setConflict(null);
                  }}
                >
                  Load version {conflict.latest.number}
                </button>
              </div>
            </div>
          ) : null}
        </section>
        {props.mode === "edit" ? (
          <section className="card" aria-labelledby="history-heading">
            <h2 id="history-heading">History</h2>
            {pendingRestore !== null ? (
              <div className="alert alert-info" role="alertdialog" aria-labelledby="restore-question" data-testid="restore-confirm">
                <p id="restore-question">
                  You have unsaved edits. Restoring version {pendingRestore} replaces them in the editor (Ctrl+Z brings them back until you leave).
                </p>
                <div className="studio-actions">
                  <button type="button" className="small" onClick={() => void restore(pendingRestore)} autoFocus>
                    Restore version {pendingRestore} anyway
                  </button>
                  <button type="button" className="secondary small" onClick={() => setPendingRestore(null)}>
                    Keep my edits
                  </button>
                </div>
              </div>
            ) : null}
            <VersionHistory
              versions={props.versions}
              latest={Math.max(...props.versions.map((v) => v.number))}
              busy={busy}
              onRestore={askRestore}
              onCompare={(older, newer) => setCompare({ older, newer })}
            />
            {compare ? <VersionDiff versions={props.versions} rows={rows} older={compare.older} newer={compare.newer} /> : null}
          </section>
        ) : null}
      </div>
      <section className="card studio-preview" aria-labelledby="preview-heading" aria-busy={examples === null}>
        <h2 id="preview-heading">Preview</h2>
        <div className="preview-tabs" role="group" aria-label="Preview view">
          <button type="button" className={view === "rows" ? "small" : "secondary small"} aria-pressed={view === "rows"} onClick={() => setView("rows")}>
            Sample rows
          </button>
          <button type="button" className={view === "split" ? "small" : "secondary small"} aria-pressed={view === "split"} onClick={() => setView("split")}>
            Whole split
          </button>
          <label className="small">
            <input type="checkbox" checked={showWhitespace} onChange={(e) => setShowWhitespace(e.target.checked)} /> Show whitespace
          </label>
        </div>
        <div hidden={view !== "rows"}>
          <PreviewControls splits={props.splits} busy={loadingRows} onApply={(r) => void loadRows(r)} />
          <p className="muted small" data-testid="preview-status" aria-live="polite">
            {rowsNote ? `${rowsNote} ` : ""}
            {previewStatus}
          </p>
          {examples ? <PreviewExamples examples={examples} showWhitespace={showWhitespace} /> : null}
        </div>
        {view === "split" ? (
          <WholeSplit
            datasetId={props.datasetId}
            splits={props.splits}
            template={wholeSplitTemplate}
            showWhitespace={showWhitespace}
            onLoadRows={props.onLoadRows}
          />
        ) : null}
        <div ref={preview.containerRef} className="preview-sandbox-host" />
      </section>
    </div>
  );
}

function safeParse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}
