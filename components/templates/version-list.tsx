import Link from "next/link";

export interface VersionListItem {
  number: number;
  author: { name: string | null };
  createdAt: string;
  message: string;
}

export function VersionList({
  templateId,
  versions,
  shown,
  poolVersion,
}: {
  templateId: string;
  versions: VersionListItem[];
  shown: number;
  poolVersion: number | null;
}) {
  const newestFirst = [...versions].sort((a, b) => b.number - a.number);
  return (
    <ol className="list-plain" data-testid="versions" reversed>
      {newestFirst.map((v) => (
        <li key={v.number}>
          {v.number === shown ? (
            <strong>Version {v.number}</strong>
          ) : (
            <Link href={`/templates/${templateId}?version=${v.number}`}>Version {v.number}</Link>
          )}
          {v.number === poolVersion ? (
            <>
              {" "}
              <span className="badge badge-approved">in pool</span>
            </>
          ) : null}
          <div className="muted small">
            {v.author.name ?? "unknown"} · <time dateTime={v.createdAt}>{v.createdAt.slice(0, 16).replace("T", " ")}</time>
          </div>
          {v.message ? <div className="small">{v.message}</div> : null}
        </li>
      ))}
    </ol>
  );
}
