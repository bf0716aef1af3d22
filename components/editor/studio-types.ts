/** Shapes exchanged between the studio (client) and its server actions (passed in as props). */
import type { Instruction, TemplateKind } from "@/lib/templates/instruction-view";

/** An instruction template's definition and examples (Super-NaturalInstructions), as the studio edits them. */
export type StudioInstruction = Instruction;
export type StudioTemplateKind = TemplateKind;
export type StudioResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

/** PromptSource's template metadata as the studio edits it; null flags are "not set". */
export interface StudioMetadata {
  reference: string;
  originalTask: boolean | null;
  choicesInPrompt: boolean | null;
  metrics: string[];
  languages: string[];
}

export interface StudioVersion {
  metadata: StudioMetadata;
  number: number;
  jinja: string;
  answerChoices: string | null;
  author: { name: string | null };
  createdAt: string;
  message: string;
  /** Instruction templates only; null for a prompt template. */
  instruction: StudioInstruction | null;
}

export type SaveOutcome =
  | { status: "saved"; version: StudioVersion; name: string }
  | { status: "conflict"; latest: StudioVersion; name: string };

export interface SaveInput {
  templateId: string;
  baseVersion: number;
  name: string;
  jinja: string;
  answerChoices: string;
  message: string;
  metadata: StudioMetadata;
  /** An instruction template's definition and examples (omitted for a prompt template). */
  instruction?: StudioInstruction;
}

export interface RestoreInput {
  templateId: string;
  baseVersion: number;
  number: number;
}

export interface CreateInput {
  datasetId: string;
  name: string;
  jinja: string;
  answerChoices: string;
  message: string;
  metadata: StudioMetadata;
  /** prompt (default) or instruction; fixed once created */
  kind?: StudioTemplateKind;
  /** with kind instruction */
  instruction?: StudioInstruction;
}

export interface PreviewRow {
  label: string;
  /** The row's index in its split: its seed for random filters (P3's convention). */
  index: number;
  dataJson: string;
}

/** Which sample rows the preview renders. */
export type RowSelection =
  | { split: string; mode: "first"; count: number }
  | { split: string; mode: "random"; count: number; seed: number }
  | { split: string; mode: "indexes"; indexes: number[] };

export interface LoadRowsInput {
  datasetId: string;
  split: string;
  /** A page of the split in index order, or the rows with these indexes. */
  offset?: number;
  limit?: number;
  indexes?: number[];
}

export interface LoadedRows {
  rows: PreviewRow[];
  /** Rows in the split. */
  total: number;
}

/** Another template of the same dataset (for the duplicate checks); jinja null when not readable. */
export interface SiblingTemplate {
  name: string;
  jinja: string | null;
}

export interface SplitInfo {
  name: string;
  rowCount: number;
}

/** A ClassLabel column of the dataset: its names can become the answer choices in one click. */
export interface ClassLabelColumn {
  name: string;
  classNames: string[];
}
