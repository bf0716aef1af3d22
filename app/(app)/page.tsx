import Link from "next/link";
import { DatasetCard, datasetTitle } from "@/components/datasets/dataset-card";
import { StatusBadge } from "@/components/ui/badges";
import { getSessionUser } from "@/lib/auth/session";
import { getPoolStats, listDatasets, listTemplates } from "@/lib/db";

export const dynamic = "force-dynamic";

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

export default async function HomePage() {
  const [user, stats, datasets, approved] = await Promise.all([
    getSessionUser(),
    getPoolStats(),
    listDatasets(),
    listTemplates({ inPool: true }),
  ]);
  const recent = [...approved].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)).slice(0, 8);
  const numbers: [number, string, string][] = [
    [stats.approvedTemplates, "approved", `approved ${plural(stats.approvedTemplates, "template")} in the pool`],
    [stats.templates, "templates", `${plural(stats.templates, "template")} written`],
    [stats.datasets, "datasets", plural(stats.datasets, "dataset")],
    [stats.sampleRows, "rows", plural(stats.sampleRows, "sample row")],
    [stats.contributors, "contributors", plural(stats.contributors, "contributor")],
  ];

  return (
    <>
      <section className="hero">
        <h1>The PromptPool</h1>
        <p>
          Prompt templates in the PromptSource format, written against real dataset rows, reviewed by people, and
          published as a pool you can download as PromptSource YAML or P3-style prompted data.
        </p>
        <div className="actions">
          <Link href="/datasets" className="button">
            Browse datasets
          </Link>
          {user ? null : (
            <Link href="/sign-up" className="button secondary">
              Create an account to contribute
            </Link>
          )}
        </div>
      </section>

      <section aria-labelledby="stats-heading">
        <h2 id="stats-heading" className="visually-hidden">
          What the pool holds
        </h2>
        <div className="grid grid-stats">
          {numbers.map(([value, id, label]) => (
            <div className="card stat" key={id} data-testid={`stat-${id}`}>
              <div className="stat-value">{value.toLocaleString("en")}</div>
              <div className="stat-label">{label}</div>
            </div>
          ))}
        </div>
      </section>

      <div className="two-col">
        <section>
          <h2>Datasets</h2>
          {datasets.length === 0 ? (
            <p className="empty">No datasets yet.</p>
          ) : (
            <div className="grid grid-cards">
              {datasets.slice(0, 6).map((d) => (
                <DatasetCard key={d.id} dataset={d} />
              ))}
            </div>
          )}
          {datasets.length > 6 ? (
            <p>
              <Link href="/datasets">All {datasets.length} datasets →</Link>
            </p>
          ) : null}
        </section>
        <section>
          <h2>Recently approved</h2>
          <div className="card">
            {recent.length === 0 ? (
              <p className="empty">Nothing approved yet.</p>
            ) : (
              <ul className="list-plain">
                {recent.map((t) => (
                  <li key={t.id}>
                    <Link href={`/templates/${t.id}`}>{t.name}</Link> <span className="muted small">v{t.poolVersion}</span> <StatusBadge status="approved" />
                    <div className="muted small">{datasetTitle({ name: t.datasetName, subset: t.datasetSubset })}</div>
                  </li>
                ))}
              </ul>
            )}
          </div>
        </section>
      </div>
    </>
  );
}
