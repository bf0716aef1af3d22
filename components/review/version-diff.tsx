import { diffLines } from "diff";

type Line = { kind: "same" | "added" | "removed"; text: string; oldNo: number | null; newNo: number | null };

/** A line diff (the `diff` package) as rows with old and new line numbers. */
export function diffRows(before: string, after: string): Line[] {
  const rows: Line[] = [];
  let oldNo = 1;
  let newNo = 1;
  for (const part of diffLines(before, after)) {
    const lines = part.value.replace(/\n$/, "").split("\n");
    for (const text of lines) {
      if (part.added) rows.push({ kind: "added", text, oldNo: null, newNo: newNo++ });
      else if (part.removed) rows.push({ kind: "removed", text, oldNo: oldNo++, newNo: null });
      else rows.push({ kind: "same", text, oldNo: oldNo++, newNo: newNo++ });
    }
  }
  return rows;
}

/** Before/after of one text field; `before` null means the template is new. */
export function VersionDiff({ label, before, after }: { label: string; before: string | null; after: string }) {
  const rows = diffRows(before ?? "", after);
  const changed = rows.filter((r) => r.kind !== "same").length;
  return (
    <figure className="diff" aria-label={`${label} changes`}>
      <figcaption className="small muted">
        {label}: {before === null ? "new template" : changed === 0 ? "unchanged" : `${rows.filter((r) => r.kind === "added").length} added, ${rows.filter((r) => r.kind === "removed").length} removed lines`}
      </figcaption>
      <table className="diff-table">
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={`diff-${r.kind}`} data-diff={r.kind}>
              <td className="diff-no">{r.oldNo ?? ""}</td>
              <td className="diff-no">{r.newNo ?? ""}</td>
              <td className="diff-sign" aria-label={r.kind === "same" ? undefined : r.kind}>
                {r.kind === "added" ? "+" : r.kind === "removed" ? "−" : " "}
              </td>
              <td className="diff-text">
                <code>{r.text}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export interface MetadataRow {
  field: string;
  before: string | null;
  after: string;
}

/** Metadata, approved vs submitted; changed rows are marked. */
export function MetadataChanges({ rows }: { rows: MetadataRow[] }) {
  return (
    <table className="metadata-changes">
      <thead>
        <tr>
          <th>Field</th>
          <th>Approved</th>
          <th>Submitted</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const changed = r.before !== r.after;
          return (
            <tr key={r.field} className={changed ? "changed" : undefined} data-changed={changed ? "true" : "false"}>
              <th scope="row">{r.field}</th>
              <td>{r.before ?? <span className="muted">—</span>}</td>
              <td>
                {r.after || <span className="muted">(empty)</span>} {changed ? <span className="badge badge-changes_requested">changed</span> : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
