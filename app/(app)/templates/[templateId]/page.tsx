import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { datasetTitle } from "@/components/datasets/dataset-card";
import { parseRow } from "@/components/datasets/sample-rows-table";
import { StatusBadge } from "@/components/ui/badges";
import { RenderedExamples } from "@/components/templates/rendered-examples";
import { TemplateMetadata, TemplateSource } from "@/components/templates/template-source";
import { VersionList } from "@/components/templates/version-list";
import { can, type Resource } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { TemplateOperations } from "@/components/editor/template-operations";
import { getTemplate, listTemplateSources, listVersions, type TemplateDetail } from "@/lib/db";
import { archiveTemplate, duplicateTemplate, renameTemplateAction, unarchiveTemplate } from "./edit/actions";
import { renderExamples } from "./render-examples";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ templateId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function asResource(t: TemplateDetail): Resource {
  return { kind: "template", createdById: t.createdBy.id, status: t.status, poolVersion: t.poolVersion };
}

async function loadReadable(templateId: string) {
  const [user, template] = await Promise.all([getSessionUser(), getTemplate(templateId)]);
  // Unreadable templates look missing: their existence is not disclosed.
  if (!template || !can(user, "template.read", asResource(template))) return null;
  return { user, template };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const loaded = await loadReadable((await params).templateId);
  return { title: loaded ? loaded.template.name : "Template not found" };
}

export default async function TemplatePage({ params, searchParams }: Props) {
  const { templateId } = await params;
  const loaded = await loadReadable(templateId);
  if (!loaded) notFound();
  const { template, user } = loaded;
  const query = await searchParams;
  // Readers who neither edit nor review see the pool: the approved version and its history, no newer drafts.
  const seesDrafts = can(user, "template.edit", asResource(template)) || can(user, "review.queue") || user?.id === template.createdBy.id;
  const versions = (await listVersions(template.id)).filter((v) => seesDrafts || template.poolVersion === null || v.number <= template.poolVersion);
  const requested = Number.parseInt(String(query.version ?? ""), 10);
  const fallback = seesDrafts ? template.current : (versions.find((v) => v.number === template.poolVersion) ?? template.current);
  const version = versions.find((v) => v.number === requested) ?? fallback;
  const examples = await renderExamples(template, version);
  const resource = asResource(template);
  const operations = {
    rename: can(user, "template.edit", resource),
    duplicate: can(user, "template.create"),
    archive: can(user, "template.archive", resource),
    unarchive: can(user, "template.unarchive", resource),
  };
  const showOperations = Object.values(operations).some(Boolean);
  const takenNames = showOperations ? (await listTemplateSources(template.datasetId)).filter((t) => t.id !== template.id).map((t) => t.name) : [];

  return (
    <>
      <div className="page-header">
        <div className="breadcrumbs">
          <Link href="/datasets">Datasets</Link> /{" "}
          <Link href={`/datasets/${template.datasetId}`}>
            {datasetTitle({ name: template.datasetName, subset: template.datasetSubset })}
          </Link>{" "}
          /
        </div>
        <h1>
          {template.name} <StatusBadge status={template.status} />
        </h1>
        <p className="lead">
          Version {version.number} of {seesDrafts ? template.latestVersion : versions.length}
          {version.number !== fallback.number ? " (an older version)" : ""}
          {template.poolVersion !== null ? ` · version ${template.poolVersion} is in the pool` : ""} · by{" "}
          {template.createdBy.name ?? "unknown"} · id <code>{template.id}</code>
        </p>
        {can(user, "template.edit", asResource(template)) ? (
          <Link className="button" href={`/templates/${template.id}/edit`}>
            Edit
          </Link>
        ) : null}{" "}
        {seesDrafts ? (
          <Link className="button secondary" href={`/review/${template.id}`}>
            Review
          </Link>
        ) : null}
      </div>

      <div className="two-col">
        <div>
          <section className="card">
            <TemplateSource version={version} />
          </section>
          <section className="card" aria-labelledby="examples-heading">
            <h2 id="examples-heading">Rendered examples</h2>
            <p className="muted small">Version {version.number} applied to the dataset&apos;s first sample rows.</p>
            <RenderedExamples examples={examples} />
          </section>
        </div>
        <aside>
          <section className="card">
            <h2>Metadata</h2>
            <TemplateMetadata version={version} />
          </section>
          {showOperations ? (
            <section className="card" aria-labelledby="operations-heading">
              <h2 id="operations-heading">Manage</h2>
              <TemplateOperations
                templateId={template.id}
                name={template.name}
                archived={template.status === "archived"}
                takenNames={takenNames}
                can={operations}
                onRename={renameTemplateAction}
                onDuplicate={duplicateTemplate}
                onArchive={archiveTemplate}
                onUnarchive={unarchiveTemplate}
              />
            </section>
          ) : null}
          <section className="card">
            <h2>Versions</h2>
            <VersionList
              templateId={template.id}
              versions={versions}
              shown={version.number}
              poolVersion={template.poolVersion}
            />
          </section>
        </aside>
      </div>
    </>
  );
}
