import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { datasetTitle } from "@/components/datasets/dataset-card";
import { HubImportForm } from "@/components/datasets/hub-import-form";
import { ImportFileForm } from "@/components/datasets/import-file-form";
import { can } from "@/lib/auth/policy";
import { requirePageUser } from "@/lib/auth/session";
import { getDataset } from "@/lib/db";
import { importLimits } from "./import-target";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import sample rows" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function ImportPage({ searchParams }: Props) {
  const query = await searchParams;
  const datasetId = typeof query.datasetId === "string" ? query.datasetId : null;
  const user = await requirePageUser(`/datasets/import${datasetId ? `?datasetId=${encodeURIComponent(datasetId)}` : ""}`);
  const dataset = datasetId ? await getDataset(datasetId) : null;
  if (datasetId && !dataset) notFound();
  const allowed = dataset ? can(user, "dataset.import", { kind: "dataset", createdById: dataset.createdById }) : can(user, "dataset.create");
  const limits = importLimits();

  return (
    <>
      <div className="page-header">
        <div className="breadcrumbs">
          <Link href="/datasets">Datasets</Link> /{" "}
          {dataset ? (
            <>
              <Link href={`/datasets/${dataset.id}`}>{datasetTitle(dataset)}</Link> /
            </>
          ) : null}
        </div>
        <h1>{dataset ? `Add rows to ${datasetTitle(dataset)}` : "New dataset"}</h1>
        <p className="lead">
          Sample rows are what templates are written and previewed against. Upload a file or fetch rows from the Hugging Face Hub;
          a failed import changes nothing.
        </p>
      </div>
      {!allowed ? (
        <div className="alert alert-error" role="alert">
          Only admins and the person who created this dataset can add rows to it.
        </div>
      ) : (
        <div className="import-grid">
          <section className="card" aria-labelledby="upload-heading">
            <h2 id="upload-heading">Upload a file</h2>
            <ImportFileForm limits={limits} datasetId={dataset?.id ?? null} existingSplits={dataset?.splits.map((s) => s.name) ?? []} />
          </section>
          <section className="card" aria-labelledby="hub-heading">
            <h2 id="hub-heading">Fetch from the Hugging Face Hub</h2>
            <HubImportForm defaultDataset={dataset?.name ?? ""} defaultConfig={dataset ? (dataset.subset ?? "default") : null} maxRows={limits.maxRows} />
          </section>
        </div>
      )}
    </>
  );
}
