import type { Metadata } from "next";
import Link from "next/link";
import { BackgroundExports } from "@/components/export/background-exports";
import { DownloadButton } from "@/components/export/download-button";
import { EXPORT_FORMAT_LABELS, exportUrl } from "@/components/export/formats";
import { can } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { backgroundExportsOf, getPoolStats, listJobs } from "@/lib/db";
import { toPublicJob } from "@/lib/jobs/types";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Download the pool" };

export default async function ExportPage() {
  const [stats, user] = await Promise.all([getPoolStats(), getSessionUser()]);
  const jobs = user && can(user, "job.list") ? (await listJobs({ createdById: user.id, kind: "export" })).map(toPublicJob) : null;
  const background = jobs !== null ? await backgroundExportsOf(null) : () => null;
  return (
    <>
      <div className="page-header">
        <h1>Download the pool</h1>
        <p className="lead">
          The {stats.approvedTemplates} approved templates as they are now, applied to each dataset&apos;s sample rows. Downloads stream as they are made.
          For a fixed snapshot, download a <Link href="/releases">release</Link>.
        </p>
      </div>
      <section className="card">
        <ul style={{ listStyle: "none", padding: 0, display: "grid", gap: "0.6rem" }}>
          {EXPORT_FORMAT_LABELS.map((f) => (
            <li key={f.value}>
              <DownloadButton
                format={f.value}
                release={null}
                label={f.label}
                background={background(f.value)}
              />{" "}
              <a className="muted" href={exportUrl(f.value, null)}>
                direct link
              </a>
            </li>
          ))}
        </ul>
      </section>
      {jobs ? (
        <BackgroundExports release={null} initialJobs={jobs} />
      ) : (
        <p className="muted">
          <Link href="/sign-in?callbackUrl=/export">Sign in</Link> to run a large export in the background and download it later.
        </p>
      )}
    </>
  );
}
