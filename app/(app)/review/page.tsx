import type { Metadata } from "next";
import Link from "next/link";
import "@/components/review/review.css";
import { StatusBadge } from "@/components/ui/badges";
import { can } from "@/lib/auth/policy";
import { requirePageUser } from "@/lib/auth/session";
import { listMySubmissions, listReviewQueue, type ReviewQueueFilter } from "@/lib/db";
import { AGE_FILTERS, type AgeFilter } from "@/lib/review/workflow";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Review" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const AGE_LABELS: Record<AgeFilter, string> = { "1d": "waiting up to a day", "7d": "up to a week", "30d": "up to 30 days", older: "older than 30 days" };

function one(v: string | string[] | undefined): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s ? s.slice(0, 100) : undefined;
}

export default async function ReviewQueuePage({ searchParams }: Props) {
  const user = await requirePageUser("/review");
  const q = await searchParams;
  const age = one(q.age);
  const filter: ReviewQueueFilter = {
    datasetId: one(q.dataset),
    language: one(q.language),
    authorId: one(q.author),
    age: age && (age in AGE_FILTERS || age === "older") ? (age as AgeFilter) : undefined,
  };
  const isReviewer = can(user, "review.queue");
  const [queue, mine] = await Promise.all([isReviewer ? listReviewQueue(filter) : null, listMySubmissions(user.id)]);

  return (
    <>
      <div className="page-header">
        <h1>Review</h1>
        <p className="lead">
          {isReviewer ? `${queue!.total} template${queue!.total === 1 ? "" : "s"} waiting for a decision. ` : ""}Approved versions enter the pool; nobody approves their own.
        </p>
      </div>
      {queue ? (
        <section className="card" aria-labelledby="queue-heading">
          <h2 id="queue-heading">Review queue</h2>
          <form className="filters" method="get" aria-label="Filter the queue">
            <label>
              Dataset
              <select name="dataset" defaultValue={filter.datasetId ?? ""}>
                <option value="">all ({queue.total})</option>
                {queue.counts.datasets.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label} ({d.count})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Language
              <select name="language" defaultValue={filter.language ?? ""}>
                <option value="">all</option>
                {queue.counts.languages.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label} ({d.count})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Author
              <select name="author" defaultValue={filter.authorId ?? ""}>
                <option value="">all</option>
                {queue.counts.authors.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.label} ({d.count})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Age
              <select name="age" defaultValue={filter.age ?? ""}>
                <option value="">any</option>
                {queue.counts.ages.map((d) => (
                  <option key={d.id} value={d.id}>
                    {AGE_LABELS[d.id]} ({d.count})
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="small">
              Filter
            </button>
            <Link href="/review" className="small">
              Clear
            </Link>
          </form>
          <p className="muted small" data-testid="queue-count">
            Showing {queue.items.length} of {queue.total}
          </p>
          {queue.items.length === 0 ? (
            <p className="empty">Nothing waits for review{queue.total > 0 ? " with these filters" : ""}.</p>
          ) : (
            <div className="table-wrap">
              <table aria-label="Templates in review">
                <thead>
                  <tr>
                    <th>Template</th>
                    <th>Dataset</th>
                    <th>Author</th>
                    <th>Languages</th>
                    <th>Submitted</th>
                    <th>Approvals</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.items.map((i) => (
                    <tr key={i.templateId}>
                      <td>
                        <Link href={`/review/${i.templateId}`}>{i.name}</Link> <span className="muted small">v{i.versionNumber}{i.poolVersion !== null ? ` (pool: v${i.poolVersion})` : " (new)"}</span>
                      </td>
                      <td>{i.datasetSubset ? `${i.datasetName}/${i.datasetSubset}` : i.datasetName}</td>
                      <td>{i.author.name ?? "—"}</td>
                      <td>{i.languages.join(", ") || "—"}</td>
                      <td className="muted small">{i.submittedAt.slice(0, 16).replace("T", " ")}</td>
                      <td>{i.approvals}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ) : null}

      <section className="card" aria-labelledby="mine-heading">
        <h2 id="mine-heading">My submissions</h2>
        {mine.length === 0 ? (
          <p className="empty">You have no templates yet.</p>
        ) : (
          <div className="table-wrap">
            <table aria-label="My submissions">
              <thead>
                <tr>
                  <th>Template</th>
                  <th>Dataset</th>
                  <th>State</th>
                  <th>Versions</th>
                </tr>
              </thead>
              <tbody>
                {mine.map((m) => (
                  <tr key={m.templateId}>
                    <td>
                      <Link href={`/review/${m.templateId}`}>{m.name}</Link>
                    </td>
                    <td>{m.datasetName}</td>
                    <td>
                      <StatusBadge status={m.status} />
                    </td>
                    <td className="small">
                      latest v{m.latestVersion}
                      {m.reviewVersion !== null ? ` · reviewed v${m.reviewVersion}` : ""}
                      {m.poolVersion !== null ? ` · pool v${m.poolVersion}` : ""}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
