import type { ExportFormat } from "@/lib/export/types";
// The export formats as the UI names them (the values are lib/export's ExportFormat).
export const EXPORT_FORMAT_LABELS: { value: ExportFormat; label: string }[] = [
  { value: "p3", label: "P3 (JSONL per template and split)" },
  { value: "promptsource", label: "PromptSource YAML" },
  { value: "xp3", label: "xP3" },
  { value: "flan", label: "FLAN" },
  { value: "alpaca", label: "Alpaca" },
  { value: "chat", label: "Chat messages" },
  { value: "sni", label: "Super-NaturalInstructions tasks (instruction templates)" },
];

export function exportUrl(format: string, release: string | null): string {
  const q = new URLSearchParams({ format });
  if (release) q.set("release", release);
  return `/api/exports?${q}`;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

/** "1,024 of 4,096 records (25%)", or "1,024 records" when the total is not known. */
export function formatRecords(records: number, total: number | null): string {
  if (total === null || total <= 0) return `${formatCount(records)} records`;
  return `${formatCount(records)} of ${formatCount(total)} records (${Math.min(100, Math.floor((100 * records) / total))}%)`;
}
