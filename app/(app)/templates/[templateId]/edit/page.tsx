import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { loadStudioRows } from "@/app/(app)/datasets/[datasetId]/new-template/actions";
import { classLabelColumns, featuresRecord, loadPreviewRows, loadSiblings } from "@/app/(app)/datasets/[datasetId]/new-template/preview-rows";
import { datasetTitle } from "@/components/datasets/dataset-card";
import { Studio } from "@/components/editor/studio";
import { can } from "@/lib/auth/policy";
import { requirePageUser } from "@/lib/auth/session";
import { getDataset, getTemplate, listComments, listVersions } from "@/lib/db";
import { TemplateOperations } from "@/components/editor/template-operations";
import { archiveTemplate, duplicateTemplate, renameTemplateAction, restoreTemplateVersion, saveTemplateVersion, unarchiveTemplate } from "./actions";
import { submitTemplateForReview } from "@/app/(app)/review/[templateId]/actions";
import { toStudioVersion } from "@/app/(app)/datasets/[datasetId]/new-template/studio-metadata";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ templateId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const template = await getTemplate((await params).templateId);
  return { title: template ? `Edit ${template.name}` : "Template not found" };
}

export default async function EditTemplatePage({ params }: Props) {
  const { templateId } = await params;
  const user = await requirePageUser(`/templates/${templateId}/edit`);
  const template = await getTemplate(templateId);
  const resource = template
    ? ({ kind: "template", createdById: template.createdBy.id, status: template.status, poolVersion: template.poolVersion } as const)
    : null;
  // Templates this user may not edit look missing here (the read-only page stays reachable).
  if (!template || !resource || !can(user, "template.edit", resource)) notFound();
  const [dataset, versions, comments] = await Promise.all([getDataset(template.datasetId), listVersions(template.id), listComments(template.id)]);
  if (!dataset) notFound();
  const [{ rows }, siblings] = await Promise.all([loadPreviewRows(dataset), loadSiblings(user, dataset.id, template.id)]);

  return (
    <>
      <div className="page-header">
        <div className="breadcrumbs">
          <Link href="/datasets">Datasets</Link> / <Link href={`/datasets/${dataset.id}`}>{datasetTitle(dataset)}</Link> /{" "}
          <Link href={`/templates/${template.id}`}>{template.name}</Link> /
        </div>
        <h1>Edit template</h1>
      </div>
      <Studio
        key={template.id}
        mode="edit"
        kind={template.kind}
        templateId={template.id}
        initialName={template.name}
        current={toStudioVersion(template.current)}
        versions={versions.map(toStudioVersion)}
        datasetId={dataset.id}
        rows={rows}
        splits={dataset.splits}
        labelColumns={classLabelColumns(dataset)}
        features={featuresRecord(dataset)}
        siblings={siblings}
        onLoadRows={loadStudioRows}
        onSave={saveTemplateVersion}
        onRestore={restoreTemplateVersion}
        onSubmitForReview={can(user, "template.submit", resource) ? submitTemplateForReview : undefined}
        reviewComments={comments.map(({ id, versionNumber, parentId, line, body, resolved, author }) => ({ id, versionNumber, parentId, line, body, resolved, authorName: author.name ?? "Someone" }))}
      />
      <section className="card" aria-labelledby="operations-heading">
        <h2 id="operations-heading">Duplicate or archive</h2>
        <TemplateOperations
          templateId={template.id}
          name={template.name}
          archived={false}
          takenNames={siblings.map((s) => s.name)}
          can={{ rename: false, duplicate: can(user, "template.create"), archive: can(user, "template.archive", resource), unarchive: false }}
          onRename={renameTemplateAction}
          onDuplicate={duplicateTemplate}
          onArchive={archiveTemplate}
          onUnarchive={unarchiveTemplate}
        />
      </section>
    </>
  );
}
