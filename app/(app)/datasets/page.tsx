import type { Metadata } from "next";
import { DatasetCard } from "@/components/datasets/dataset-card";
import Link from "next/link";
import { can } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { listDatasets } from "@/lib/db";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Datasets" };

export default async function DatasetsPage() {
  const [datasets, user] = await Promise.all([listDatasets(), getSessionUser()]);
  return (
    <>
      <div className="page-header">
        <h1>Datasets</h1>
        <p className="lead">
          Each dataset holds sample rows in Hugging Face shape. Templates are written and previewed against them.
        </p>
        {can(user, "dataset.create") ? (
          <Link className="button" href="/datasets/import">
            New dataset
          </Link>
        ) : null}
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
