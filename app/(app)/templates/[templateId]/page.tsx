import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { datasetTitle } from "@/components/datasets/dataset-card";
import { parseRow } from "@/components/datasets/sample-rows-table";
import { StatusBadge } from "@/components/ui/badges";
import { RenderedExamples, type RenderedExample } from "@/components/templates/rendered-examples";
import { TemplateMetadata, TemplateSource } from "@/components/templates/template-source";
import { VersionList } from "@/components/templates/version-list";
import { can, type Resource } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { getDataset, getTemplate, listSampleRows, listVersions, type TemplateDetail, type VersionDTO } from "@/lib/db";
import { applyTemplate, prepareTemplate } from "@/lib/render";

export const dynamic = "force-dynamic";

const EXAMPLE_ROWS = 3;

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

/** Renders on the server with the shared interpreter (no host access, step and time limits). */
async function renderExamples(template: TemplateDetail, version: VersionDTO): Promise<RenderedExample[]> {
  const dataset = await getDataset(template.datasetId);
  const split = dataset?.splits[0]?.name;
  if (!dataset || !split) return [];
  const { rows } = await listSampleRows(dataset.id, { split, offset: 0, limit: EXAMPLE_ROWS });
  const prepared = prepareTemplate({
    id: template.id,
    name: template.name,
    jinja: version.jinja,
    answerChoices: version.answerChoices,
  });
  return rows.map((r) => {
    const rowLabel = `${split} row ${r.index}`;
    const row = parseRow(r.dataJson);
    if (!row) return { rowLabel, prompt: null, target: null, answerChoices: null, error: "This row could not be read." };
    const result = applyTemplate(prepared, row, { seed: r.index, limits: { timeoutMs: 1000 } });
    return {
      rowLabel,
      prompt: result.parts?.[0] ?? null,
      target: result.parts && result.parts.length > 1 ? result.parts.slice(1).join("\n") : null,
      answerChoices: result.answerChoices,
      error: result.error,
    };
  });
}

export default async function TemplatePage({ params, searchParams }: Props) {
  const { templateId } = await params;
  const loaded = await loadReadable(templateId);
  if (!loaded) notFound();
  const { template } = loaded;
  const query = await searchParams;
  const versions = await listVersions(template.id);
  const requested = Number.parseInt(String(query.version ?? ""), 10);
  const version = versions.find((v) => v.number === requested) ?? template.current;
  const examples = await renderExamples(template, version);

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
          Version {version.number} of {template.latestVersion}
          {version.number !== template.current.number ? " (an older version)" : ""}
          {template.poolVersion !== null ? ` · version ${template.poolVersion} is in the pool` : ""} · by{" "}
          {template.createdBy.name ?? "unknown"} · id <code>{template.id}</code>
        </p>
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
