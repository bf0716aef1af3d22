import type { Metadata } from "next";
import { DatasetCard } from "@/components/datasets/dataset-card";
import { listDatasets } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Datasets" };

export default async function DatasetsPage() {
  const datasets = await listDatasets();
  return (
    <>
      <div className="page-header">
        <h1>Datasets</h1>
        <p className="lead">
          Each dataset holds sample rows in Hugging Face shape. Templates are written and previewed against them.
        </p>
      </div>
      {datasets.length === 0 ? (
        <p className="empty">No datasets yet.</p>
      ) : (
        <div className="grid grid-cards">
          {datasets.map((d) => (
            <DatasetCard key={d.id} dataset={d} />
          ))}
        </div>
      )}
    </>
  );
}
