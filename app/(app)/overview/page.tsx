import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OverviewSection } from "@/components/charts/overview-section";
import "@/components/charts/charts.css";
import { getSessionUser } from "@/lib/auth/session";
import { getDataset, getTemplateBreakdown, listDatasets } from "@/lib/db";
import { activeTotal, datasetLabel, datasetOverviewRows, groupRowsByCategory, overviewCharts, STATUS_LABELS } from "@/lib/search/overview";
import { searchHref } from "@/lib/search/params";
import { ALL_TEMPLATE_STATUSES, templateVisibility } from "@/lib/search/visibility";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Helicopter view" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function OverviewPage({ searchParams }: Props) {
  const query = await searchParams;
  const datasetId = typeof query.dataset === "string" && query.dataset ? query.dataset : null;
  const user = await getSessionUser();
  const visibility = templateVisibility(user);
  const [dataset, datasets, breakdown] = await Promise.all([
    datasetId ? getDataset(datasetId) : Promise.resolve(null),
    listDatasets(),
    getTemplateBreakdown({ visibility, datasetId: datasetId ?? undefined }),
  ]);
  if (datasetId && !dataset) notFound();
  const charts = overviewCharts(breakdown, datasetId);
  const rows = datasetOverviewRows(breakdown);
  const groups = groupRowsByCategory(rows);
  const total = activeTotal(breakdown);
  const scope = dataset ? `in ${datasetLabel(dataset)}` : "across all datasets";

  return (
    <>
      <div className="page-header">
        {dataset ? (
          <div className="breadcrumbs">
            <Link href="/overview">Helicopter view</Link> /
          </div>
        ) : null}
        <h1>Helicopter view{dataset ? `: ${datasetLabel(dataset)}` : ""}</h1>
        <p className="lead">
          Live counts of {user ? "the templates you can read" : "the public pool"} {scope}, by the latest version&apos;s metadata.
          Every number links to the templates behind it.
        </p>
        <p>
          <Link href="/overview/diversity">Diversity report</Link>: templates per dataset against a target, reformulations and near-duplicate templates.
        </p>
        <form className="overview-scope" action="/overview" method="get">
          <label className="field">
            <span className="small muted">Scope</span>
            <select name="dataset" defaultValue={datasetId ?? ""}>
              <option value="">The whole pool</option>
              {datasets.map((d) => (
                <option key={d.id} value={d.id}>
                  {datasetLabel(d)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="secondary">
            Show
          </button>
        </form>
      </div>

      <div className="grid grid-stats" style={{ marginBottom: "1rem" }}>
        <div className="card stat">
          <div className="stat-value">
            <Link href={searchHref(datasetId ? { datasetId } : {})} aria-label={`${total} templates (not archived)`}>
              {total.toLocaleString("en")}
            </Link>
          </div>
          <div className="stat-label">templates (not archived)</div>
        </div>
        {dataset ? null : (
          <div className="card stat">
            <div className="stat-value">{rows.length.toLocaleString("en")}</div>
            <div className="stat-label">datasets with templates</div>
          </div>
        )}
      </div>

      <div className="overview-grid">
        {charts.map((c) => (
          <OverviewSection key={c.id} id={c.id} title={c.title} bars={c.bars} />
        ))}
      </div>

      {rows.length > 0 ? (
        <section className="card" aria-labelledby="overview-datasets" style={{ marginTop: "1rem" }}>
          <h2 id="overview-datasets">Templates per dataset, by task category</h2>
          <div className="table-wrap">
            <table className="overview-datasets">
              <thead>
                <tr>
                  <th scope="col">Dataset</th>
                  <th scope="col">Templates</th>
                  {ALL_TEMPLATE_STATUSES.map((s) => (
                    <th scope="col" key={s}>
                      {STATUS_LABELS[s]}
                    </th>
                  ))}
                </tr>
              </thead>
              {groups.map((g) => (
                <tbody key={g.label} aria-label={`Task category ${g.label}`}>
                  <tr className="overview-category">
                    <th scope="rowgroup" colSpan={2 + ALL_TEMPLATE_STATUSES.length}>
                      <Link href={g.href} aria-label={`${g.total} templates in task category ${g.label}`}>
                        {g.label}
                      </Link>{" "}
                      <span className="muted small">
                        {g.rows.length} dataset{g.rows.length === 1 ? "" : "s"}, {g.total} template{g.total === 1 ? "" : "s"}
                      </span>
                    </th>
                  </tr>
                  {g.rows.map((r) => (
                    <tr key={r.datasetId}>
                      <th scope="row">
                        <Link href={r.overviewHref}>{r.label}</Link>
                      </th>
                      <td className="num">
                        <Link href={r.totalHref} aria-label={`${r.total} templates in ${r.label}`}>
                          {r.total}
                        </Link>
                      </td>
                      {r.byStatus.map((s) => (
                        <td className="num" key={s.status}>
                          {s.count > 0 ? (
                            <Link href={s.href} aria-label={`${s.count} ${STATUS_LABELS[s.status]} templates in ${r.label}`}>
                              {s.count}
                            </Link>
                          ) : (
                            <span className="muted">0</span>
                          )}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              ))}
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
