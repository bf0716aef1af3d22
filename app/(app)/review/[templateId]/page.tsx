import type { Metadata } from "next";
import { instructionText } from "@/lib/templates/instruction-view";
import Link from "next/link";
import { notFound } from "next/navigation";
import { loadPreviewRows, featuresRecord } from "@/app/(app)/datasets/[datasetId]/new-template/preview-rows";
import { datasetTitle } from "@/components/datasets/dataset-card";
import { LintChecks } from "@/components/editor/lint-checks";
import { DecisionForm } from "@/components/review/decision-form";
import { ReviewComments } from "@/components/review/review-comments";
import { SideBySidePreview } from "@/components/review/side-by-side-preview";
import { SubmitForReviewButton } from "@/components/review/submit-for-review-button";
import { MetadataChanges, VersionDiff, type MetadataRow } from "@/components/review/version-diff";
import "@/components/review/review.css";
import { StatusBadge } from "@/components/ui/badges";
import { can, type TemplateResource } from "@/lib/auth/policy";
import { getSessionUser } from "@/lib/auth/session";
import { getApprovalsRequired, getDataset, getReviewFacts, getTemplate, listComments, listReviews, listVersions, type VersionDTO } from "@/lib/db";
import { STATE_LABELS, submissionRefusal } from "@/lib/review/workflow";
import { lintTemplate } from "@/lib/templates/lint";
import { commentOnVersion, decideTemplateReview, resolveCommentThread, submitTemplateForReview } from "./actions";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ templateId: string }> };

async function load(templateId: string) {
  const [user, template, facts] = await Promise.all([getSessionUser(), getTemplate(templateId), getReviewFacts(templateId)]);
  if (!template || !facts) return null;
  const resource: TemplateResource = { kind: "template", createdById: template.createdBy.id, status: template.status, poolVersion: template.poolVersion, reviewAuthorId: facts.reviewAuthorId };
  // Unreadable templates look missing: their existence is not disclosed.
  if (!can(user, "template.read", resource)) return null;
  return { user, template, facts, resource };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const loaded = await load((await params).templateId);
  return { title: loaded ? `Review ${loaded.template.name}` : "Template not found" };
}

function metadataRows(before: VersionDTO | null, after: VersionDTO): MetadataRow[] {
  const show = (v: VersionDTO) => ({
    reference: v.reference,
    "original task": v.metadata.originalTask === null ? "" : String(v.metadata.originalTask),
    "choices in prompt": v.metadata.choicesInPrompt === null ? "" : String(v.metadata.choicesInPrompt),
    metrics: v.metadata.metrics.join(", "),
    languages: v.metadata.languages.join(", "),
  });
  const a = show(after);
  const b = before ? show(before) : null;
  return (Object.keys(a) as (keyof typeof a)[]).map((field) => ({ field, before: b ? b[field] : null, after: a[field] }));
}

export default async function ReviewPage({ params }: Props) {
  const { templateId } = await params;
  const loaded = await load(templateId);
  if (!loaded) notFound();
  const { user, template, facts, resource } = loaded;
  const [versions, comments, reviews, dataset, approvalsRequired] = await Promise.all([
    listVersions(template.id),
    listComments(template.id),
    listReviews(template.id),
    getDataset(template.datasetId),
    getApprovalsRequired(),
  ]);
  if (!dataset) notFound();
  const shownNumber = facts.reviewVersion ?? template.latestVersion;
  const shown = versions.find((v) => v.number === shownNumber) ?? template.current;
  const base = template.poolVersion !== null && template.poolVersion !== shown.number ? (versions.find((v) => v.number === template.poolVersion) ?? null) : null;
  const { rows, seedBase } = await loadPreviewRows(dataset);
  const issues = lintTemplate({ jinja: shown.jinja, answerChoices: shown.answerChoices, features: featuresRecord(dataset) });
  const inRound = facts.submittedAt ? reviews.filter((r) => r.versionNumber === shown.number && r.createdAt >= facts.submittedAt! && r.decision === "approve") : [];
  const isReviewer = can(user, "review.queue");
  const canDecide = can(user, "template.review", resource);
  const mayTrySubmit = can(user, "template.submit", resource);
  const submitRefusal = submissionRefusal({ status: template.status, latestVersion: template.latestVersion, poolVersion: template.poolVersion, reviewVersion: facts.reviewVersion });
  const own = user !== null && (user.id === template.createdBy.id || user.id === facts.reviewAuthorId);

  return (
    <>
      <div className="page-header">
        <div className="breadcrumbs">
          <Link href="/review">Review</Link> / <Link href={`/datasets/${dataset.id}`}>{datasetTitle(dataset)}</Link> /
        </div>
        <h1>
          {template.name} <StatusBadge status={template.status} />
        </h1>
        <p className="lead" data-testid="review-state">
          {template.status === "in_review"
            ? `Version ${shown.number} is in review${facts.submittedAt ? ` since ${facts.submittedAt.slice(0, 16).replace("T", " ")} UTC` : ""} · ${inRound.length} of ${approvalsRequired} approval${approvalsRequired === 1 ? "" : "s"}`
            : `Version ${shown.number}: ${STATE_LABELS[template.status]}`}
          {" · "}
          {template.poolVersion !== null ? `version ${template.poolVersion} is in the pool` : "not in the pool yet"} · by {template.createdBy.name ?? "unknown"} ·{" "}
          <Link href={`/templates/${template.id}`}>template page</Link>
        </p>
        {mayTrySubmit ? (
          <p>
            <SubmitForReviewButton templateId={template.id} onSubmit={submitTemplateForReview} blockedReason={submitRefusal} />{" "}
            {can(user, "template.edit", resource) ? <Link href={`/templates/${template.id}/edit`}>Edit</Link> : null}
          </p>
        ) : null}
      </div>

      {isReviewer && !own ? (
        <section className="card" aria-labelledby="decision-heading">
          <h2 id="decision-heading">Decision on version {shown.number}</h2>
          <DecisionForm
            templateId={template.id}
            versionNumber={shown.number}
            decide={decideTemplateReview}
            closedReason={canDecide ? null : `Nothing to decide: the template is ${STATE_LABELS[template.status]}.`}
          />
        </section>
      ) : null}
      {isReviewer && own && template.status === "in_review" ? (
        <p className="alert alert-info">You wrote this version, so someone else reviews it.</p>
      ) : null}

      <section className="card" aria-labelledby="diff-heading">
        <h2 id="diff-heading">
          Changes: version {shown.number} against {base ? `approved version ${base.number}` : "nothing (new template)"}
        </h2>
        <VersionDiff label="Template" before={base ? base.jinja : null} after={shown.jinja} />
        <VersionDiff label="Answer choices" before={base ? (base.answerChoices ?? "") : null} after={shown.answerChoices ?? ""} />
        {shown.instruction || base?.instruction ? (
          // an instruction template (Super-NaturalInstructions task): its definition and examples are reviewed too
          <VersionDiff label="Definition and examples" before={base ? instructionText(base.instruction) : null} after={instructionText(shown.instruction)} />
        ) : null}
        <h3>Metadata</h3>
        <MetadataChanges rows={metadataRows(base, shown)} />
      </section>

      <section className="card" aria-labelledby="lint-heading">
        <h2 id="lint-heading">Lint</h2>
        <LintChecks issues={issues} />
      </section>

      <section className="card" aria-labelledby="render-heading">
        <h2 id="render-heading">Rendered on the same sample rows</h2>
        <SideBySidePreview
          before={base ? { title: `Approved version ${base.number}`, jinja: base.jinja, answerChoices: base.answerChoices } : null}
          after={{ title: `Version ${shown.number}`, jinja: shown.jinja, answerChoices: shown.answerChoices }}
          rows={rows}
          seedBase={seedBase}
        />
      </section>

      <section className="card" aria-labelledby="comments-heading">
        <h2 id="comments-heading">Comments on version {shown.number}</h2>
        <ReviewComments
          templateId={template.id}
          versionNumber={shown.number}
          jinja={shown.jinja}
          comments={comments.map((c) => ({ id: c.id, versionNumber: c.versionNumber, parentId: c.parentId, authorName: c.author.name ?? "unknown", line: c.line, body: c.body, resolved: c.resolved, createdAt: c.createdAt }))}
          canComment={can(user, "review.comment", resource)}
          addComment={commentOnVersion}
          resolveThread={resolveCommentThread}
        />
      </section>

      <section className="card" aria-labelledby="history-heading">
        <h2 id="history-heading">Decisions</h2>
        {reviews.length === 0 ? (
          <p className="muted">No decisions yet.</p>
        ) : (
          <ul className="list-plain" aria-label="Decisions">
            {[...reviews].reverse().map((r) => (
              <li key={r.id}>
                <strong>{r.reviewer.name ?? "unknown"}</strong> {r.decision === "approve" ? "approved" : r.decision === "reject" ? "rejected" : "requested changes to"} version {r.versionNumber}{" "}
                <time className="muted small" dateTime={r.createdAt}>{r.createdAt.slice(0, 16).replace("T", " ")}</time>
                {r.comment ? <p className="small">{r.comment}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
