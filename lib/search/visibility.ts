/**
 * Which templates a viewer may read, as data a database query can apply. It is not a second
 * policy: it is read off `can(actor, "template.read", ...)` by asking it about every status, with
 * and without a pool version, for the viewer's own templates and for others'. A list filtered
 * with it therefore shows exactly the templates whose pages the viewer could open. Pure.
 */
import { can, type Actor, type TemplateStatus } from "../auth/policy";

export const ALL_TEMPLATE_STATUSES: readonly TemplateStatus[] = ["draft", "in_review", "approved", "changes_requested", "rejected", "archived"];

export interface StatusesByPool {
  /** statuses readable when the template has no pool version */
  unpooled: TemplateStatus[];
  /** statuses readable when it has one */
  pooled: TemplateStatus[];
}

export interface TemplateVisibility {
  viewerId: string | null;
  /** the viewer's own templates (empty when signed out) */
  own: StatusesByPool;
  /** everybody else's */
  others: StatusesByPool;
}

const NOBODY = "\u0000nobody";

function readable(actor: Actor | null, owner: string): StatusesByPool {
  const probe = (status: TemplateStatus, poolVersion: number | null) =>
    can(actor, "template.read", { kind: "template", createdById: owner, status, poolVersion });
  return {
    unpooled: ALL_TEMPLATE_STATUSES.filter((s) => probe(s, null)),
    pooled: ALL_TEMPLATE_STATUSES.filter((s) => probe(s, 1)),
  };
}

export function templateVisibility(actor: Actor | null): TemplateVisibility {
  const viewer = actor && !actor.disabled ? actor : null;
  return {
    viewerId: viewer?.id ?? null,
    own: viewer ? readable(actor, viewer.id) : { unpooled: [], pooled: [] },
    others: readable(actor, NOBODY),
  };
}

/** The same decision as the database applies, for one template (tests and in-memory lists). */
export function isVisible(v: TemplateVisibility, t: { createdById: string; status: TemplateStatus; poolVersion: number | null }): boolean {
  const set = v.viewerId !== null && t.createdById === v.viewerId ? v.own : v.others;
  return (t.poolVersion === null ? set.unpooled : set.pooled).includes(t.status);
}
