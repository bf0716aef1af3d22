import type { StudioVersion } from "./studio-types";

/** Every version, newest first, with author, time and message; older ones can be restored. */
export function VersionHistory({
  versions,
  latest,
  busy,
  onRestore,
}: {
  versions: StudioVersion[];
  latest: number;
  busy: boolean;
  onRestore(number: number): void;
}) {
  const newestFirst = [...versions].sort((a, b) => b.number - a.number);
  return (
    <ol className="list-plain version-history" data-testid="version-history" reversed>
      {newestFirst.map((v) => (
        <li key={v.number}>
          <div className="version-row">
            <strong>Version {v.number}</strong>
            {v.number === latest ? (
              <span className="badge">latest</span>
            ) : (
              <button type="button" className="secondary small" disabled={busy} onClick={() => onRestore(v.number)} aria-label={`Restore version ${v.number}`}>
                Restore
              </button>
            )}
          </div>
          <div className="muted small">
            {v.author.name ?? "unknown"} · <time dateTime={v.createdAt}>{v.createdAt.slice(0, 16).replace("T", " ")} UTC</time>
          </div>
          {v.message ? <div className="small">{v.message}</div> : null}
        </li>
      ))}
    </ol>
  );
}
