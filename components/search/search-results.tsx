import Link from "next/link";
import { StatusBadge } from "@/components/ui/badges";
import { Highlighted } from "./highlighted";

/** One result as the page shows it (a DTO from lib/db's search, passed through). */
export interface SearchResultItem {
  templateId: string;
  name: string;
  nameHighlight: string | null;
  datasetLabel: string;
  status: string;
  latestVersion: number;
  authorName: string | null;
  languages: string[];
  metrics: string[];
  snippet: string;
  snippetField: "jinja" | "reference";
}

export function SearchResults({ items }: { items: SearchResultItem[] }) {
  return (
    <ol className="search-results list-plain" aria-label="Search results">
      {items.map((item) => (
        <li key={item.templateId} className="card search-result" data-testid="search-result">
          <div className="search-result-head">
            <Link href={`/templates/${item.templateId}`} className="search-result-name">
              <Highlighted text={item.nameHighlight ?? item.name} />
            </Link>
            <StatusBadge status={item.status} />
          </div>
          <p className="small muted search-result-meta">
            {item.datasetLabel} · version {item.latestVersion} · by {item.authorName ?? "unknown"}
            {item.metrics.length ? ` · ${item.metrics.join(", ")}` : ""}
            {item.languages.length ? ` · ${item.languages.join(", ")}` : ""}
          </p>
          <pre className="search-snippet" aria-label={item.snippetField === "reference" ? "Reference excerpt" : "Template excerpt"}>
            {item.snippetField === "reference" ? <span className="muted">Reference: </span> : null}
            <Highlighted text={item.snippet} />
          </pre>
        </li>
      ))}
    </ol>
  );
}
