// Components take plain strings (they never import lib/auth or lib/db); unknown values show as is.
const STATUS_LABEL: Record<string, string> = {
  draft: "Draft",
  in_review: "In review",
  approved: "Approved",
  changes_requested: "Changes requested",
  rejected: "Rejected",
  archived: "Archived",
};

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge badge-${status}`}>{STATUS_LABEL[status] ?? status}</span>;
}

export function RoleBadge({ role }: { role: string }) {
  return <span className={`badge badge-${role}`}>{role}</span>;
}
