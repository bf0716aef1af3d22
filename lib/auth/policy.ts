/**
 * The one place that decides permissions. Every page, server action and route handler asks
 * `can(actor, action, resource)` before doing anything; nothing else compares roles.
 *
 * Pure TypeScript (no Next, no database) so it is unit-tested table by table.
 *
 * Roles nest: anonymous ⊂ contributor ⊂ reviewer ⊂ admin.
 * - anyone: read datasets, the approved pool and download it;
 * - contributors: write their own templates and submit them for review;
 * - reviewers: also review other people's templates (never their own);
 * - contributors also create datasets (sample rows uploaded or fetched from the Hub) and add rows
 *   to the datasets they created; rows are what templates are written against, and a dataset
 *   nobody else uses harms no one. Admins add rows to any dataset;
 * - admins: also manage users and datasets (features, task category).
 * A disabled account is treated as anonymous.
 * A request made with a read-scoped personal access token may only do read actions, whatever the
 * owner's role.
 */

export type Role = "contributor" | "reviewer" | "admin";
export const ROLES: readonly Role[] = ["contributor", "reviewer", "admin"];

export type TemplateStatus =
  | "draft"
  | "in_review"
  | "approved"
  | "changes_requested"
  | "rejected"
  | "archived";

export interface Actor {
  id: string;
  role: Role;
  disabled?: boolean;
  /** set when the request came with a personal access token: what the token allows */
  tokenScope?: "read" | "write";
}

export interface TemplateResource {
  kind: "template";
  createdById: string;
  status: TemplateStatus;
  /** The version that is in the public pool, if any. */
  poolVersion: number | null;
  /** Who wrote the version under review (an admin may have saved a version of someone else's template). */
  reviewAuthorId?: string | null;
}

export interface UserResource {
  kind: "user";
  id: string;
}

export interface DatasetResource {
  kind: "dataset";
  /** null for seeded datasets and those created before creators were recorded */
  createdById: string | null;
}

export interface JobResource {
  kind: "job";
  createdById: string | null;
  /** the job's output is public anyway (an export of a published release) */
  publicOutput: boolean;
}

export type Resource = TemplateResource | UserResource | DatasetResource | JobResource;

export const ACTIONS = [
  "health.read",
  "pool.read",
  "pool.download",
  "dataset.read",
  "dataset.manage",
  "dataset.create",
  "dataset.import",
  "template.read",
  "template.create",
  "template.edit",
  "template.submit",
  "template.review",
  "template.archive",
  "review.queue",
  "review.comment",
  "notification.read",
  "audit.read",
  "settings.manage",
  "pool.import",
  "release.publish",
  "export.job",
  "job.list",
  "job.read",
  "job.cancel",
  "job.download",
  "mixture.plan",
  "mixture.run",
  "template.unarchive",
  "user.list",
  "user.manage",
  "account.register",
  "account.read",
  "account.update",
] as const;

export type Action = (typeof ACTIONS)[number];

/** Actions that need a resource to decide; without one they are denied. */
const NEEDS_RESOURCE: ReadonlySet<Action> = new Set<Action>([
  "template.read",
  "template.edit",
  "template.submit",
  "template.review",
  "template.archive",
  "review.comment",
  "template.unarchive",
  "user.manage",
  "dataset.import",
  "job.read",
  "job.cancel",
  "job.download",
]);

/** What a read-scoped token may do: the actions that change nothing. */
const READ_ACTIONS: ReadonlySet<Action> = new Set<Action>([
  "health.read",
  "pool.read",
  "pool.download",
  "dataset.read",
  "template.read",
  "account.read",
  "user.list",
  "job.list",
  "job.read",
  "job.download",
  // a plan reads the release and counts rows; nothing is written
  "mixture.plan",
]);

export function isReadAction(action: Action): boolean {
  return READ_ACTIONS.has(action);
}

export function needsResource(action: Action): boolean {
  return NEEDS_RESOURCE.has(action);
}

const RANK: Record<Role, number> = { contributor: 1, reviewer: 2, admin: 3 };

function atLeast(actor: Actor | null, role: Role): actor is Actor {
  return actor !== null && RANK[actor.role] >= RANK[role];
}

function asTemplate(resource: Resource | undefined): TemplateResource | null {
  return resource?.kind === "template" ? resource : null;
}

export function can(actorOrNull: Actor | null | undefined, action: Action, resource?: Resource): boolean {
  // A disabled account keeps its session cookie until it expires; it must act as nobody.
  const actor = actorOrNull && !actorOrNull.disabled && RANK[actorOrNull.role] ? actorOrNull : null;
  if (actor?.tokenScope === "read" && !READ_ACTIONS.has(action)) return false;

  switch (action) {
    case "health.read":
    case "pool.read":
    case "pool.download":
    case "dataset.read":
      return true;

    case "account.register":
      return actor === null;

    case "account.read":
    case "account.update":
    case "template.create":
    case "notification.read":
    case "dataset.create":
    // Background exports use server time and disk, so they need an account; streamed downloads do not.
    case "export.job":
    // Mixtures of releases: the builder page and its API are for signed-in people (a build is a background job).
    case "mixture.plan":
    case "mixture.run":
      return actor !== null;

    // one's own background jobs
    case "job.list":
      return actor !== null;

    // A job (its parameters, progress, file) belongs to who started it; admins see every job.
    case "job.read":
    case "job.cancel":
    case "job.download": {
      if (resource?.kind !== "job") return false;
      if (action === "job.download" && resource.publicOutput) return true;
      if (actor === null) return false;
      return (resource.createdById !== null && resource.createdById === actor.id) || atLeast(actor, "admin");
    }

    case "dataset.import": {
      if (resource?.kind !== "dataset" || actor === null) return false;
      if (resource.createdById !== null && resource.createdById === actor.id) return true;
      return atLeast(actor, "admin");
    }

    case "review.queue":
    // PromptSource's collection is a reviewed pool: importing it is a reviewer's decision.
    case "pool.import":
      return atLeast(actor, "reviewer");

    // A release is public and immutable forever; only admins publish.
    case "release.publish":
      return atLeast(actor, "admin");

    case "dataset.manage":
    case "user.list":
    case "audit.read":
    case "settings.manage":
      return atLeast(actor, "admin");

    case "user.manage": {
      if (!atLeast(actor, "admin") || resource?.kind !== "user") return false;
      // An admin changing their own role or disabling themselves could lock everyone out.
      return resource.id !== actor.id;
    }

    case "template.read": {
      const t = asTemplate(resource);
      if (!t) return false;
      if (t.status === "approved" || t.poolVersion !== null) return true;
      if (actor === null) return false;
      if (t.createdById === actor.id || atLeast(actor, "reviewer")) return true;
      // Other contributors see work that is out in the open (in review), not private drafts.
      return t.status === "in_review";
    }

    case "template.edit": {
      const t = asTemplate(resource);
      if (!t || actor === null || t.status === "archived") return false;
      return t.createdById === actor.id || atLeast(actor, "admin");
    }

    case "template.submit": {
      const t = asTemplate(resource);
      if (!t || actor === null || t.createdById !== actor.id) return false;
      // in_review too: a newer version replaces the one waiting (its reviewers start over).
      return t.status !== "archived";
    }

    case "template.review": {
      const t = asTemplate(resource);
      if (!t || !atLeast(actor, "reviewer")) return false;
      // Four eyes: nobody approves their own work, admins included; nor a version they wrote
      // into someone else's template.
      return t.status === "in_review" && t.createdById !== actor.id && (t.reviewAuthorId ?? null) !== actor.id;
    }

    case "review.comment": {
      // The conversation belongs to the author and the reviewers.
      const t = asTemplate(resource);
      if (!t || actor === null || t.status === "archived") return false;
      return t.createdById === actor.id || atLeast(actor, "reviewer");
    }

    case "template.archive": {
      const t = asTemplate(resource);
      if (!t || actor === null || t.status === "archived") return false;
      return t.createdById === actor.id || atLeast(actor, "admin");
    }

    case "template.unarchive": {
      const t = asTemplate(resource);
      if (!t || actor === null || t.status !== "archived") return false;
      return t.createdById === actor.id || atLeast(actor, "admin");
    }
  }
  // Exhaustiveness: a new action without a rule is denied (and fails the type check below).
  const unhandled: never = action;
  void unhandled;
  return false;
}
