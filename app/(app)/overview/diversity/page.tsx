import type { Metadata } from "next";
import Link from "next/link";
import "@/components/charts/charts.css";
import { getDiversityReport, listReleases } from "@/lib/db";
import { diversityInputSchema } from "@/lib/db/diversity";
import type { DatasetDiversity } from "@/lib/mixture/diversity";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Diversity report" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (typeof v === "string" && v.trim() !== "" ? v : undefined);
const pct = (x: number) => `${Math.round(x * 100)}%`;

export default async function DiversityPage({ searchParams }: Props) {
  const q = await searchParams;
  const releases = await listReleases();
  // A value that is out of range falls back to its default rather than failing the page.
  const field = <K extends "target" | "sampleRows">(k: K, v: string | undefined) => {
    const r = diversityInputSchema.shape[k].safeParse(v);
    return r.success ? r.data : undefined;
  };
  const release = releases.some((r) => r.name === one(q.release)) ? one(q.release)! : null;
  const page = await getDiversityReport({ release, target: field("target", one(q.target)), sampleRows: field("sampleRows", one(q.rows)) });
  const { report, datasets } = page;

  const groups = new Map<string, { name: string; rows: DatasetDiversity[] }>();
  for (const d of report.datasets) {
    const info = datasets[d.key];
    const g = groups.get(info.category) ?? { name: info.categoryName, rows: [] };
    g.rows.push(d);
    groups.set(info.category, g);
  }
  const ordered = [...groups.entries()].sort(([a, x], [b, y]) => (a === "other" ? 1 : 0) - (b === "other" ? 1 : 0) || x.name.localeCompare(y.name));
  const below = report.datasets.filter((d) => d.belowTarget).sort((a, b) => b.missing - a.missing || a.key.localeCompare(b.key));
  const pairs = report.datasets.flatMap((d) => d.nearDuplicates.map((p) => ({ d, p })));
  const scope = release ? `release ${release}` : "the approved pool";

  return (
    <>
      <div className="page-header">
        <div className="breadcrumbs">
          <Link href="/overview">Helicopter view</Link> /
        </div>
        <h1>Diversity report</h1>
        <p className="lead">
          Is {scope} diverse enough to train on? FLAN aimed at about ten templates per dataset, a few of them turning the task around
          (not the original task); T0 found more prompts per dataset helped. Near-duplicates are templates of a dataset that render the same text
          (whitespace aside) on at least 80% of the first {page.sampleRows} sample rows both render.
        </p>
        <form className="overview-scope" action="/overview/diversity" method="get" aria-label="Report settings">
          <label className="field">
            <span className="small muted">Templates of</span>
            <select name="release" defaultValue={release ?? ""}>
              <option value="">The approved pool</option>
              {releases.map((r) => (
                <option key={r.id} value={r.name}>
                  Release {r.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="small muted">Target per dataset</span>
            <input type="number" name="target" min={1} max={100} defaultValue={page.target} />
          </label>
          <label className="field">
            <span className="small muted">Sample rows</span>
            <input type="number" name="rows" min={2} max={50} defaultValue={page.sampleRows} />
          </label>
          <button type="submit" className="secondary">
            Show
          </button>
        </form>
      </div>

      <div className="grid grid-stats" style={{ marginBottom: "1rem" }}>
        <div className="card stat">
          <div className="stat-value">{report.totals.templates}</div>
          <div className="stat-label">templates in {report.totals.datasets} datasets</div>
        </div>
        <div className="card stat">
          <div className="stat-value" data-testid="reformulation-share">
            {pct(report.totals.reformulationShare)}
          </div>
          <div className="stat-label">not the original task</div>
        </div>
        <div className="card stat">
          <div className="stat-value" data-testid="below-target">
            {report.totals.belowTarget}
          </div>
          <div className="stat-label">datasets below {page.target} templates</div>
        </div>
        <div className="card stat">
          <div className="stat-value" data-testid="near-duplicates">
            {report.totals.nearDuplicatePairs}
          </div>
          <div className="stat-label">near-duplicate pairs</div>
        </div>
      </div>

      <section className="card" aria-labelledby="diversity-datasets">
        <h2 id="diversity-datasets">Templates per dataset, by task category</h2>
        <div className="table-wrap">
          <table className="overview-datasets">
            <thead>
              <tr>
                <th scope="col">Dataset</th>
                <th scope="col">Templates</th>
                <th scope="col">Not original task</th>
                <th scope="col">Still wanted</th>
                <th scope="col">Near-duplicates</th>
              </tr>
            </thead>
            {ordered.map(([id, g]) => (
              <tbody key={id} aria-label={`Task category ${g.name}`}>
                <tr className="overview-category">
                  <th scope="rowgroup" colSpan={5}>
                    {g.name}{" "}
                    <span className="muted small">
                      {g.rows.length} dataset{g.rows.length === 1 ? "" : "s"}, {g.rows.reduce((n, d) => n + d.templates, 0)} template
                      {g.rows.reduce((n, d) => n + d.templates, 0) === 1 ? "" : "s"}
                    </span>
                  </th>
                </tr>
                {g.rows.map((d) => (
                  <tr key={d.key}>
                    <th scope="row">
                      <Link href={`/datasets/${datasets[d.key].datasetId}`}>{d.key}</Link>
                    </th>
                    <td className="num">
                      <meter min={0} max={page.target} value={Math.min(d.templates, page.target)} aria-hidden /> {d.templates}
                    </td>
                    <td className="num">{d.reformulations}</td>
                    <td className="num">
                      {d.missing > 0 ? (
                        <Link href={`/datasets/${datasets[d.key].datasetId}/new-template`} aria-label={`Write a template for ${d.key} (${d.missing} wanted)`}>
                          {d.missing}
                        </Link>
                      ) : (
                        <span className="muted">0</span>
                      )}
                    </td>
                    <td className="num">{d.nearDuplicates.length > 0 ? <a href={`#dup-${encodeURIComponent(d.key)}`}>{d.nearDuplicates.length}</a> : <span className="muted">0</span>}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        </div>
      </section>

      <div className="side-by-side" style={{ marginTop: "1rem" }}>
        <section className="card" aria-labelledby="diversity-below">
          <h2 id="diversity-below">Below target</h2>
          {below.length === 0 ? (
            <p className="muted">Every dataset has at least {page.target} templates.</p>
          ) : (
            <ul className="list-plain">
              {below.map((d) => (
                <li key={d.key}>
                  <Link href={`/datasets/${datasets[d.key].datasetId}`}>{d.key}</Link>{" "}
                  <span className="muted small">
                    {d.templates} of {page.target};
                  </span>{" "}
                  <Link href={`/datasets/${datasets[d.key].datasetId}/new-template`} className="small">
                    write a template
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="diversity-dups">
          <h2 id="diversity-dups">Near-duplicate templates</h2>
          {pairs.length === 0 ? (
            <p className="muted">No two templates of a dataset render the same text on most sample rows.</p>
          ) : (
            <ul className="list-plain">
              {pairs.map(({ d, p }) => (
                <li key={`${p.a.id}-${p.b.id}`} id={p === d.nearDuplicates[0] ? `dup-${encodeURIComponent(d.key)}` : undefined}>
                  {d.key}: <Link href={`/templates/${p.a.id}`}>{p.a.name}</Link> and <Link href={`/templates/${p.b.id}`}>{p.b.name}</Link>{" "}
                  <span className="muted small">
                    same on {p.same} of {p.compared} rows ({datasets[d.key].split})
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}
