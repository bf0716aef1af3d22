import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DownloadButton } from "@/components/export/download-button";
import { EXPORT_FORMAT_LABELS, exportUrl } from "@/components/export/formats";
import { BackgroundExports } from "@/components/export/background-exports";
import { can } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { backgroundExportsOf, getRelease, listJobs } from "@/lib/db";
import { toPublicJob } from "@/lib/jobs/types";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ name: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Release ${decodeURIComponent((await params).name)}` };
}

export default async function ReleasePage({ params }: Props) {
  const name = decodeURIComponent((await params).name);
  const release = await getRelease(name);
  if (!release) notFound();
  const user = await getSessionUser();
  const jobs = user && can(user, "job.list") ? (await listJobs({ createdById: user.id, kind: "export" })).map(toPublicJob) : null;
  const background = jobs !== null ? await backgroundExportsOf(release.name) : () => null;
  return (
    <>
      <div className="page-header">
        <h1>Release {release.name}</h1>
        <p className="lead">
          Published {release.createdAt.slice(0, 10)} by {release.createdBy.name ?? "—"}: {release.templateCount} templates over {release.datasetCount} dataset
          configs, seed base {release.seedBase}.
        </p>
        {release.notes ? <p>{release.notes}</p> : null}
      </div>
      <section className="card">
        <h2>Downloads</h2>
        <ul style={{ listStyle: "none", padding: 0, display: "grid", gap: "0.6rem" }}>
          {EXPORT_FORMAT_LABELS.map((f) => (
            <li key={f.value}>
              <DownloadButton
                format={f.value}
                release={release.name}
                label={f.label}
                background={background(f.value)}
              />{" "}
              <a className="muted" href={exportUrl(f.value, release.name)}>
                direct link
              </a>
            </li>
          ))}
        </ul>
      </section>
      {jobs ? <BackgroundExports release={release.name} initialJobs={jobs} /> : null}
      <section>
        <h2>Manifest</h2>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Dataset</th>
                <th>Template</th>
                <th>Version</th>
                <th>Version id</th>
              </tr>
            </thead>
            <tbody>
              {release.templates.map((t) => (
                <tr key={t.versionId}>
                  <td>{t.subset ? `${t.dataset}/${t.subset}` : t.dataset}</td>
                  <td>{t.name}</td>
                  <td>{t.versionNumber}</td>
                  <td className="muted">
                    <code>{t.versionId}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
