import type { Metadata } from "next";
import Link from "next/link";
import { PromptedRows } from "@/components/viewer/prompted-rows";
import { ViewerPicker } from "@/components/viewer/viewer-picker";
import "@/components/viewer/viewer.css";
import { can } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { getDataset, getTemplate, listDatasets, listSampleRows, listVersions, searchTemplates } from "@/lib/db";
import { datasetLabel } from "@/lib/search/overview";
import { templateVisibility } from "@/lib/search/visibility";
import type { RowFilter } from "@/lib/viewer/split-scan";
import { loadViewerRows } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Prompted dataset viewer" };

const SIZES = [10, 20, 50];
const FILTERS: RowFilter[] = ["all", "problems", "empty", "errors"];

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (q: Record<string, string | string[] | undefined>, key: string) => {
  const v = q[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length <= 200 ? s : null;
};

/**
 * PromptSource's prompted dataset viewer: a dataset, a template (any version) and a split. The rows
 * are rendered in the browser's sandboxed worker, never here (the server only reads): the page on
 * screen first, then the whole split in chunks, for the counts of empty and failing rows and the
 * filtered lists (`only=problems|empty|errors`, paged in the browser).
 */
export default async function ViewerPage({ searchParams }: Props) {
  const q = await searchParams;
  const user = await getSessionUser();
  const datasets = await listDatasets();
  const dataset = one(q, "dataset") ? await getDataset(one(q, "dataset")!) : null;

  // Only templates the viewer may read are offered (the policy's visibility, as search applies it);
  // an unreadable or foreign template id is ignored, not disclosed.
  const visibility = templateVisibility(user);
  const offered = dataset ? (await searchTemplates({ visibility, datasetId: dataset.id, limit: 100 })).hits : [];
  const chosen = one(q, "template");
  const candidate = dataset && chosen ? await getTemplate(chosen) : null;
  const template =
    candidate &&
    candidate.datasetId === dataset?.id &&
    can(user, "template.read", { kind: "template", createdById: candidate.createdBy.id, status: candidate.status, poolVersion: candidate.poolVersion })
      ? candidate
      : null;
  const templates = offered.map((t) => ({ id: t.templateId, name: t.name, status: t.status }));
  if (template && !templates.some((t) => t.id === template.id)) templates.push({ id: template.id, name: template.name, status: template.status });
  const versions = template ? await listVersions(template.id) : [];
  const requested = Number.parseInt(one(q, "version") ?? "", 10);
  const version = versions.find((v) => v.number === requested) ?? versions.find((v) => v.number === template?.latestVersion) ?? null;
  const split = dataset?.splits.find((s) => s.name === one(q, "split")) ?? dataset?.splits[0] ?? null;
  const sizeParam = Number.parseInt(one(q, "size") ?? "", 10);
  const size = SIZES.includes(sizeParam) ? sizeParam : SIZES[0]!;
  const filter = FILTERS.find((f) => f === one(q, "only")) ?? "all";
  const pageCount = split ? Math.max(1, Math.ceil(split.rowCount / size)) : 1;
  const pageParam = Number.parseInt(one(q, "page") ?? "1", 10);
  const wanted = Number.isSafeInteger(pageParam) ? Math.max(1, pageParam) : 1;
  // "all" is paged here; a filtered list is paged by the browser, which alone knows its length.
  const page = filter === "all" ? Math.min(wanted, pageCount) : wanted;
  const rows = dataset && split && version && filter === "all" ? (await listSampleRows(dataset.id, { split: split.name, offset: (page - 1) * size, limit: size })).rows : [];

  return (
    <>
      <div className="page-header">
        <h1>Prompted dataset viewer</h1>
        <p className="lead">
          A template version applied to every sample row of a split, rendered in your browser&apos;s sandboxed worker: the page you look at first,
          then the whole split, for the counts of rows that render empty or fail.
        </p>
      </div>
      <ViewerPicker
        choice={{ datasetId: dataset?.id ?? null, templateId: template?.id ?? null, version: version?.number ?? null, split: split?.name ?? null, size }}
        datasets={datasets.map((d) => ({ value: d.id, label: datasetLabel(d) }))}
        templates={templates.map((t) => ({ value: t.id, label: `${t.name}${t.status === "approved" ? "" : ` (${t.status.replace("_", " ")})`}` }))}
        versions={[...versions].reverse().map((v) => ({
          value: String(v.number),
          label: `Version ${v.number}${v.number === template?.latestVersion ? " (latest)" : ""}${v.number === template?.poolVersion ? " (in the pool)" : ""}`,
        }))}
        splits={(dataset?.splits ?? []).map((s) => ({ value: s.name, label: `${s.name} (${s.rowCount} rows)` }))}
        sizes={SIZES}
      />
      {!dataset ? (
        <p className="empty">Pick a dataset, then a template and a split.</p>
      ) : !template || !version ? (
        <p className="empty">Pick a template of {datasetLabel(dataset)} and press Show.</p>
      ) : !split ? (
        <p className="empty">This dataset has no sample rows yet.</p>
      ) : (
        <>
          <p className="small muted">
            <Link href={`/templates/${template.id}?version=${version.number}`}>{template.name}</Link>, version {version.number} of{" "}
            {template.latestVersion}, on {datasetLabel(dataset)} / {split.name} ({split.rowCount.toLocaleString("en")} rows).
          </p>
          <PromptedRows
            // Kept across pages and filters (same template, version and split), so the pass over the split goes on.
            key={`${template.id}:${version.number}:${split.name}`}
            template={{ id: template.id, name: template.name, version: version.number, jinja: version.jinja, answerChoices: version.answerChoices }}
            datasetId={dataset.id}
            datasetLabel={datasetLabel(dataset)}
            split={split.name}
            total={split.rowCount}
            page={page}
            size={size}
            filter={filter}
            pageRows={rows.map((r) => ({ index: r.index, dataJson: r.dataJson }))}
            query={{ dataset: dataset.id, template: template.id, version: String(version.number), split: split.name, size: String(size) }}
            loadRows={loadViewerRows}
          />
        </>
      )}
    </>
  );
}
