import type { Metadata } from "next";
import Link from "next/link";
import { DownloadButton } from "@/components/export/download-button";
import { EXPORT_FORMAT_LABELS } from "@/components/export/formats";
import { PublishReleaseForm } from "@/components/releases/publish-form";
import { can } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { getPoolStats, listReleases } from "@/lib/db";
import { publishReleaseAction } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Releases" };

export default async function ReleasesPage() {
  const user = await getSessionUser();
  const [releases, stats] = await Promise.all([listReleases(), getPoolStats()]);
  const today = new Date().toISOString().slice(0, 10).replace(/-/g, ".");
  const taken = new Set(releases.map((r) => r.name));
  let suggested = today;
  for (let n = 2; taken.has(suggested); n++) suggested = `${today}.${n}`;
  return (
    <>
      <div className="page-header">
        <h1>Releases</h1>
        <p className="lead">
          Named, immutable freezes of the approved pool. Every download of a release is byte-identical: fixed order, the release&apos;s seed and fixed zip
          timestamps. Each zip carries a manifest.json with the template version ids, counts per folder and split, and the SHA-256 of every file.
        </p>
      </div>
      {can(user, "release.publish") ? <PublishReleaseForm suggestedName={suggested} approved={stats.approvedTemplates} publish={publishReleaseAction} /> : null}
      {releases.length === 0 ? (
        <p className="muted">No release has been published yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Release</th>
                <th>Published</th>
                <th>Templates</th>
                <th>Datasets</th>
                <th>Notes</th>
                <th>Download</th>
              </tr>
            </thead>
            <tbody>
              {releases.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/releases/${encodeURIComponent(r.name)}`}>{r.name}</Link>
                  </td>
                  <td className="muted">
                    {r.createdAt.slice(0, 10)} by {r.createdBy.name ?? "—"}
                  </td>
                  <td>{r.templateCount}</td>
                  <td>{r.datasetCount}</td>
                  <td>{r.notes}</td>
                  <td>
                    <DownloadButton format="p3" release={r.name} label={`P3 zip of ${r.name}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted">
        Other formats ({EXPORT_FORMAT_LABELS.map((f) => f.value).join(", ")}) are on each release&apos;s page; the pool as it is now is on{" "}
        <Link href="/export">Download the pool</Link>.
      </p>
    </>
  );
}
