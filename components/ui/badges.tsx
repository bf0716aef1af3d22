import type { Role, TemplateStatus } from "@/lib/auth/policy";

const STATUS_LABEL: Record<TemplateStatus, string> = {
  draft: "Draft",
  in_review: "In review",
  approved: "Approved",
  changes_requested: "Changes requested",
  rejected: "Rejected",
  archived: "Archived",
};

export function StatusBadge({ status }: { status: TemplateStatus }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABEL[status] ?? status}</span>;
}

export function RoleBadge({ role }: { role: Role }) {
  return <span className={`badge badge-${role}`}>{role}</span>;
}
