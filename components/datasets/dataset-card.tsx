import Link from "next/link";

export interface DatasetCardData {
  id: string;
  name: string;
  subset: string | null;
  description: string;
  rowCount: number;
  templateCount: number;
  approvedTemplateCount: number;
}

export function datasetTitle(d: { name: string; subset: string | null }): string {
  return d.subset ? `${d.name} / ${d.subset}` : d.name;
}

function plural(n: number, one: string, many = one + "s"): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

export function DatasetCard({ dataset }: { dataset: DatasetCardData }) {
  return (
    <article className="card dataset-card">
      <h3>
        <Link href={`/datasets/${dataset.id}`}>{datasetTitle(dataset)}</Link>
      </h3>
      <p>{dataset.description ? clip(dataset.description, 160) : "No description."}</p>
      <div className="meta">
        {plural(dataset.rowCount, "sample row")} · {plural(dataset.approvedTemplateCount, "approved template")}
        {dataset.templateCount > dataset.approvedTemplateCount
          ? ` (${dataset.templateCount.toLocaleString("en")} in all)`
          : ""}
      </div>
    </article>
  );
}

export function clip(text: string, max: number): string {
  const t = text.trim().replace(/\s+/g, " ");
  return t.length > max ? t.slice(0, max - 1).trimEnd() + "…" : t;
}
