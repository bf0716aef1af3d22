import type { Metadata } from "next";
import "@/components/mixtures/mixtures.css";
import { MixtureBuilder } from "@/components/mixtures/mixture-builder";
import { requirePageUser } from "@/lib/auth/session";
import { getMixtureOptions, listReleases } from "@/lib/db";
import { loadMixtureOptions, planMixture } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Mixture builder" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function MixturesPage({ searchParams }: Props) {
  await requirePageUser("/mixtures");
  const q = await searchParams;
  const releases = await listReleases();
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
      />
    </>
  );
}
