/**
 * Unsaved edits kept in the browser (localStorage of the app's origin; the preview sandbox has an
 * opaque origin and cannot read them), so a closed tab or a crash loses nothing: the studio offers
 * them back when the same template (or a new template on the same dataset) is opened again.
 */
export interface Draft {
  name: string;
  jinja: string;
  answerChoices: string;
  /** The version the edits started from (0 for a template not saved yet). */
  baseVersion: number;
  savedAt: string;
  /** The metadata form as it was (drafts written before metadata was kept have none). */
  metadata?: DraftMetadata;
  /** An instruction template's kind (a new template's choice) and its definition and examples. */
  kind?: "instruction";
  instruction?: DraftInstruction;
}

/** An instruction template's definition and examples (lib/templates/instruction-view.ts). */
export interface DraftInstruction {
  definition: string;
  positiveExamples: { input: string; output: string; explanation: string }[];
  negativeExamples: { input: string; output: string; explanation: string }[];
}

function parseInstruction(v: unknown): DraftInstruction | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const i = v as Record<string, unknown>;
  const examples = (x: unknown): x is DraftInstruction["positiveExamples"] =>
    Array.isArray(x) &&
    x.every((e) => typeof e === "object" && e !== null && ["input", "output", "explanation"].every((k) => typeof (e as Record<string, unknown>)[k] === "string"));
  if (typeof i.definition !== "string" || !examples(i.positiveExamples) || !examples(i.negativeExamples)) return undefined;
  const copy = (xs: DraftInstruction["positiveExamples"]) => xs.map((e) => ({ input: e.input, output: e.output, explanation: e.explanation }));
  return { definition: i.definition, positiveExamples: copy(i.positiveExamples), negativeExamples: copy(i.negativeExamples) };
}

/** PromptSource's metadata as the studio edits it; null booleans are "not set". */
export interface DraftMetadata {
  reference: string;
  originalTask: boolean | null;
  choicesInPrompt: boolean | null;
  metrics: string[];
  languages: string[];
}

function parseMetadata(v: unknown): DraftMetadata | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const m = v as Record<string, unknown>;
  const flag = (x: unknown) => x === null || typeof x === "boolean";
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === "string");
  if (typeof m.reference !== "string" || !flag(m.originalTask) || !flag(m.choicesInPrompt) || !strings(m.metrics) || !strings(m.languages)) return undefined;
  return {
    reference: m.reference,
    originalTask: m.originalTask as boolean | null,
    choicesInPrompt: m.choicesInPrompt as boolean | null,
    metrics: m.metrics,
    languages: m.languages,
  };
}

export interface DraftStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function draftKey(target: { templateId: string } | { datasetId: string }): string {
  return "templateId" in target ? `promptpool:draft:template:${target.templateId}` : `promptpool:draft:new:${target.datasetId}`;
}

export function saveDraft(storage: DraftStorage, key: string, draft: Draft): boolean {
  try {
    storage.setItem(key, JSON.stringify(draft));
    return true;
  } catch {
    return false; // storage full or disabled: the editor keeps working, only the safety net is missing
  }
}

export function loadDraft(storage: DraftStorage, key: string): Draft | null {
  let raw: string | null;
  try {
    raw = storage.getItem(key);
  } catch {
    return null;
  }
  if (raw === null) return null;
  try {
    const d = JSON.parse(raw) as Record<string, unknown>;
    if (
      typeof d.name === "string" &&
      typeof d.jinja === "string" &&
      typeof d.answerChoices === "string" &&
      typeof d.baseVersion === "number" &&
      Number.isInteger(d.baseVersion) &&
      typeof d.savedAt === "string"
    ) {
      const metadata = parseMetadata(d.metadata);
      const instruction = parseInstruction(d.instruction);
      return {
        name: d.name,
        jinja: d.jinja,
        answerChoices: d.answerChoices,
        baseVersion: d.baseVersion,
        savedAt: d.savedAt,
        ...(metadata ? { metadata } : {}),
        ...(d.kind === "instruction" ? { kind: "instruction" as const } : {}),
        ...(instruction ? { instruction } : {}),
      };
    }
  } catch {
    // not ours or corrupted: treated as no draft
  }
  return null;
}

export function clearDraft(storage: DraftStorage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // nothing to do
  }
}

/** A draft is worth offering only when it differs from what the page opened with. */
export function draftDiffers(
  draft: Draft,
  loaded: { name: string; jinja: string; answerChoices: string; metadata?: DraftMetadata; instruction?: DraftInstruction },
): boolean {
  const metadataDiffers = draft.metadata !== undefined && loaded.metadata !== undefined && JSON.stringify(draft.metadata) !== JSON.stringify(loaded.metadata);
  const instructionDiffers = draft.instruction !== undefined && JSON.stringify(draft.instruction) !== JSON.stringify(loaded.instruction);
  return draft.jinja !== loaded.jinja || draft.answerChoices !== loaded.answerChoices || draft.name !== loaded.name || metadataDiffers || instructionDiffers;
}
