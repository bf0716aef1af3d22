import type { Metadata } from "next";
import "@/components/mixtures/mixtures.css";
import { MixtureBuilder } from "@/components/mixtures/mixture-builder";
import { requirePageUser } from "@/lib/auth/session";
import { getMixtureOptions, listJobs, listReleases } from "@/lib/db";
import { mixtureJobView } from "@/lib/jobs/mixture-job";
import { cancelMixtureJob, getMixtureJob, loadMixtureOptions, planMixture, startMixture } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Mixture builder" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MixturesPage({ searchParams }: Props) {
  const user = await requirePageUser("/mixtures");
  const q = await searchParams;
  const [releases, jobs] = await Promise.all([listReleases(), listJobs({ createdById: user.id, kind: "mixture", limit: 5 })]);
  const recent = jobs.map(mixtureJobView);
  const wanted = typeof q.release === "string" ? q.release : null;
  const release = releases.find((r) => r.name === wanted) ?? releases[0] ?? null;
  const options = release ? await getMixtureOptions(release.name) : null;
  return (
    <>
      <div className="page-header">
        <h1>Mixture builder</h1>
        <p className="lead">
          An instruction-tuning mixture of a release: its frozen template versions applied to the datasets&apos; sample rows, mixed as T0 or FLAN did,
          shuffled, with a manifest. The same release and parameters give the same bytes.
        </p>
      </div>
      <MixtureBuilder
        releases={(release ? [release, ...releases.filter((r) => r !== release)] : releases).map((r) => ({ name: r.name, templateCount: r.templateCount, datasetCount: r.datasetCount }))}
        initialOptions={options}
        loadOptions={loadMixtureOptions}
        plan={planMixture}
        run={{ start: startMixture, status: getMixtureJob, cancel: cancelMixtureJob }}
      />
      {recent.length > 0 ? (
        <section className="card" aria-labelledby="recent-mixtures" style={{ marginTop: "1.25rem" }}>
          <h2 id="recent-mixtures">Your recent mixtures</h2>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Started</th>
                  <th scope="col">Release</th>
                  <th scope="col">Status</th>
                  <th scope="col">File</th>
                </tr>
              </thead>
              <tbody>
                {recent.map((j) => (
                  <tr key={j.id}>
                    <td className="muted">{j.createdAt.slice(0, 16).replace("T", " ")}</td>
                    <td>{String((j.request as { release?: unknown }).release ?? "")}</td>
                    <td>
                      {j.status}
                      {j.error ? <span className="small muted"> · {j.error}</span> : null}
                    </td>
                    <td>
                      {j.download && j.file ? (
                        <a href={j.download} download={j.file.name}>
                          {j.file.name}
                        </a>
                      ) : j.file?.expired ? (
                        <span className="muted">expired</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
