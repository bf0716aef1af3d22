import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { datasetTitle } from "@/components/datasets/dataset-card";
import { ClassLabelEditor, TaskCategoryForm, type LabelColumnKind } from "@/components/datasets/dataset-admin";
import { FeatureTree } from "@/components/datasets/feature-tree";
import { featureColumns } from "@/components/datasets/features";
import { rowKeys, SampleRowsTable } from "@/components/datasets/sample-rows-table";
import { StatusBadge } from "@/components/ui/badges";
import { Pagination } from "@/components/ui/pagination";
import { can } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { isClassLabel, isValue, normalizeFeatures } from "@/lib/datasets/features";
import { T0_TASK_CLUSTERS } from "@/lib/datasets/task-categories";
import { getDataset, listSampleRows, listTemplates } from "@/lib/db";
import { loadColumnSummary, saveClassLabel, saveTaskCategory } from "./actions";

export const dynamic = "force-dynamic";

const PAGE_SIZE = 10;

type Props = {
  params: Promise<{ datasetId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function one(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const dataset = await getDataset((await params).datasetId);
  return { title: dataset ? datasetTitle(dataset) : "Dataset not found" };
}

export default async function DatasetPage({ params, searchParams }: Props) {
  const { datasetId } = await params;
  const query = await searchParams;
  const [user, dataset] = await Promise.all([getSessionUser(), getDataset(datasetId)]);
  if (!dataset) notFound();

  const splits = dataset.splits;
  const requested = one(query.split);
  const split = splits.find((s) => s.name === requested)?.name ?? splits[0]?.name ?? null;
  const pageParam = Number.parseInt(one(query.page) ?? "1", 10);
  const page = Number.isFinite(pageParam) && pageParam > 0 ? pageParam : 1;

  const [rowsPage, templates] = await Promise.all([
    split ? listSampleRows(dataset.id, { split, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }) : null,
    listTemplates({ datasetId: dataset.id }),
  ]);
  // The summary does not carry the pool version; a pooled template now back in review shows on its own page.
  const visible = templates.filter((t) =>
    can(user, "template.read", { kind: "template", createdById: t.createdBy.id, status: t.status, poolVersion: null }),
  );
  const rows = rowsPage?.rows ?? [];
  const columns = featureColumns(dataset.features, rowKeys(rows));
  const pageCount = Math.ceil((rowsPage?.total ?? 0) / PAGE_SIZE);
  const canImport = can(user, "dataset.import", { kind: "dataset", createdById: dataset.createdById });
  const features = normalizeFeatures(dataset.features);
  const labelColumns = Object.entries(features).flatMap(([name, f]): { name: string; kind: LabelColumnKind; names: string[] | null }[] =>
    isClassLabel(f)
      ? [{ name, kind: "label", names: f.names }]
      : isValue(f) && /^u?int\d+$/.test(f.dtype)
        ? [{ name, kind: "int", names: null }]
        : isValue(f) && f.dtype === "string"
          ? [{ name, kind: "string", names: null }]
          : [],
  );
  const hrefFor = (p: number, s = split) =>
    `/datasets/${dataset.id}?${new URLSearchParams({ ...(s ? { split: s } : {}), page: String(p) })}`;

  return (
    <>
      <div className="page-header">
        <div className="breadcrumbs">
          <Link href="/datasets">Datasets</Link> /
        </div>
        <h1>{datasetTitle(dataset)}</h1>
        {dataset.description ? <p className="lead">{dataset.description}</p> : null}
        <p className="muted small">
          {dataset.taskCategory ? <>Task: {dataset.taskCategory} · </> : null}
          {dataset.source.startsWith("hub:") ? <>Rows from the Hugging Face Hub ({dataset.source.slice(4)})</> : dataset.source === "upload" ? <>Rows uploaded</> : <>Demo rows</>}
        </p>
        <div className="actions" style={{ display: "flex", gap: "0.5rem", flexWrap: "wrap" }}>
          {can(user, "template.create") ? (
            <Link className="button" href={`/datasets/${dataset.id}/new-template`}>
              New template
            </Link>
          ) : null}
          {canImport ? (
            <Link className="button secondary" href={`/datasets/import?datasetId=${dataset.id}`}>
              Add rows
            </Link>
          ) : null}
        </div>
      </div>

      <div className="side-by-side">
          <section className="card" aria-labelledby="templates-heading">
            <h2 id="templates-heading">Templates</h2>
            {visible.length === 0 ? (
              <p className="empty">No templates yet.</p>
            ) : (
              <ul className="list-plain">
                {visible.map((t) => (
                  <li key={t.id}>
                    <Link href={`/templates/${t.id}`}>{t.name}</Link> <StatusBadge status={t.status} />
                    <div className="muted small">
                      v{t.latestVersion} · {t.createdBy.name ?? "unknown author"}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section className="card" aria-labelledby="features-heading">
            <h2 id="features-heading">Features</h2>
            <FeatureTree features={dataset.features} />
            {splits.length ? (
              <>
                <h3>Splits</h3>
                <ul className="list-plain" data-testid="splits">
                  {splits.map((s) => (
                    <li key={s.name}>
                      {s.name}: {s.rowCount.toLocaleString("en")} rows
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          {can(user, "dataset.manage") ? (
            <section className="card" aria-labelledby="manage-heading">
              <h2 id="manage-heading">Manage</h2>
              <ClassLabelEditor datasetId={dataset.id} columns={labelColumns} saveClassLabel={saveClassLabel} loadColumnSummary={loadColumnSummary} />
              <TaskCategoryForm datasetId={dataset.id} taskCategory={dataset.taskCategory} suggestions={T0_TASK_CLUSTERS} saveTaskCategory={saveTaskCategory} />
            </section>
          ) : null}
          {dataset.license || dataset.citation ? (
            <section className="card">
              <h2>About</h2>
              <dl className="meta-list">
                {dataset.license ? (
                  <>
                    <dt>License</dt>
                    <dd>{dataset.license}</dd>
                  </>
                ) : null}
              </dl>
              {dataset.citation ? (
                <details className="more" style={{ marginTop: "0.5rem" }}>
                  <summary>
                    <span className="more-link">Show citation</span>
                  </summary>
                  <pre>{dataset.citation}</pre>
                </details>
              ) : null}
            </section>
          ) : null}
      </div>

          <section className="card" aria-labelledby="rows-heading">
            <h2 id="rows-heading">Sample rows</h2>
            {splits.length === 0 ? (
              <p className="empty">This dataset has no sample rows yet.</p>
            ) : (
              <>
                <nav className="tabs" aria-label="Splits">
                  {splits.map((s) => (
                    <Link
                      key={s.name}
                      className="tab"
                      href={hrefFor(1, s.name)}
                      aria-current={s.name === split ? "page" : undefined}
                    >
                      {s.name}
                      <span className="count">{s.rowCount.toLocaleString("en")}</span>
                    </Link>
                  ))}
                </nav>
                {rows.length === 0 ? (
                  <p className="empty">No rows on this page.</p>
                ) : (
                  <SampleRowsTable rows={rows} columns={columns} />
                )}
                <Pagination
                  page={page}
                  pageCount={pageCount}
                  total={rowsPage?.total ?? 0}
                  hrefFor={(p) => hrefFor(p)}
                  noun={`rows in ${split}`}
                />
              </>
            )}
          </section>
    </>
  );
}
