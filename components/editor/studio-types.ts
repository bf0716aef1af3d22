/** Shapes exchanged between the studio (client) and its server actions (passed in as props). */
export type StudioResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

/** PromptSource's template metadata as the studio edits it. */
export interface StudioMetadata {
  reference: string;
  originalTask: boolean;
  choicesInPrompt: boolean;
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
}

export interface PreviewRow {
  label: string;
  dataJson: string;
}

/** A ClassLabel column of the dataset: its names can become the answer choices in one click. */
export interface ClassLabelColumn {
  name: string;
  classNames: string[];
}
