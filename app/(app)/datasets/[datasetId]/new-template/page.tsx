import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { datasetTitle } from "@/components/datasets/dataset-card";
import { Studio } from "@/components/editor/studio";
import { can } from "@/lib/auth/policy";
import { requirePageUser } from "@/lib/auth/session";
import { getDataset } from "@/lib/db";
import { createTemplateFromStudio, loadStudioRows } from "./actions";
import { classLabelColumns, featuresRecord, loadPreviewRows, loadSiblings } from "./preview-rows";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ datasetId: string }> };

export const metadata: Metadata = { title: "New template" };

export default async function NewTemplatePage({ params }: Props) {
  const { datasetId } = await params;
  const user = await requirePageUser(`/datasets/${datasetId}/new-template`);
  const dataset = await getDataset(datasetId);
  if (!dataset || !can(user, "template.create")) notFound();
  const [{ rows }, siblings] = await Promise.all([loadPreviewRows(dataset), loadSiblings(user, dataset.id, null)]);
  return (
    <>
      <div className="page-header">
        <div className="breadcrumbs">
          <Link href="/datasets">Datasets</Link> / <Link href={`/datasets/${dataset.id}`}>{datasetTitle(dataset)}</Link> /
        </div>
        <h1>New template</h1>
        <p className="lead">Write the prompt as Jinja: the input, then ||| and the target. The preview renders the first sample rows as you type.</p>
      </div>
      <Studio
        mode="new"
        datasetId={dataset.id}
        rows={rows}
        splits={dataset.splits}
        labelColumns={classLabelColumns(dataset)}
        features={featuresRecord(dataset)}
        siblings={siblings}
        onLoadRows={loadStudioRows}
        onCreate={createTemplateFromStudio}
      />
    </>
  );
}
