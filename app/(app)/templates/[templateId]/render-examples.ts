import "server-only";
import { parseRow } from "@/components/datasets/sample-rows-table";
import type { RenderedExample } from "@/components/templates/rendered-examples";
import { getDataset, listSampleRows, type TemplateDetail, type VersionDTO } from "@/lib/db";
import { applyTemplate, prepareTemplate } from "@/lib/render";

const EXAMPLE_ROWS = 3;

/**
 * The version applied to the dataset's first sample rows, on the server, with the shared
 * interpreter: it reaches no host object, and its step/output/time limits stop runaway templates
 * (a failure becomes that example's error text). Seeds follow the P3 convention: seed = row index.
 */
export async function renderExamples(template: TemplateDetail, version: VersionDTO): Promise<RenderedExample[]> {
  const dataset = await getDataset(template.datasetId);
  const split = dataset?.splits[0]?.name;
  if (!dataset || !split) return [];
  const { rows } = await listSampleRows(dataset.id, { split, offset: 0, limit: EXAMPLE_ROWS });
  const prepared = prepareTemplate({
    id: template.id,
    name: template.name,
    jinja: version.jinja,
    answerChoices: version.answerChoices,
  });
  return rows.map((r) => {
    const rowLabel = `${split} row ${r.index}`;
    const row = parseRow(r.dataJson);
    if (!row) return { rowLabel, prompt: null, target: null, answerChoices: null, error: "This row could not be read." };
    const result = applyTemplate(prepared, row, { seed: r.index, limits: { timeoutMs: 1000 } });
    return {
      rowLabel,
      prompt: result.parts?.[0] ?? null,
      target: result.parts && result.parts.length > 1 ? result.parts.slice(1).join("\n") : null,
      answerChoices: result.answerChoices,
      error: result.error,
    };
  });
}
