import type { FeatureColumn } from "./features";

export function FeatureList({ columns }: { columns: FeatureColumn[] }) {
  if (columns.length === 0) return <p className="empty">No features recorded.</p>;
  return (
    <dl className="meta-list" data-testid="features">
      {columns.map((c) => (
        <div key={c.name} style={{ display: "contents" }}>
          <dt>
            <code>{c.name}</code>
          </dt>
          <dd>
            <span className="feature-type">{c.type || "—"}</span>
            {c.classNames ? (
              <div className="label-names">
                {c.classNames.map((n, i) => (
                  <span className="badge" key={i}>
                    {i}: {n}
                  </span>
                ))}
              </div>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}
