import Link from "next/link";
import type { SearchParams } from "@/lib/search/params";

export interface FilterOption {
  value: string;
  label: string;
}

export interface SearchFilterOptions {
  datasets: FilterOption[];
  languages: FilterOption[];
  metrics: FilterOption[];
  states: FilterOption[];
  authors: FilterOption[];
  categories: FilterOption[];
}

const TRI_STATE: FilterOption[] = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
  { value: "unset", label: "Not set" },
];

function Select({ name, label, value, options }: { name: string; label: string; value: string | null; options: FilterOption[] }) {
  // A value that is not among the options (e.g. from a shared link) stays selectable, so the form shows what the list shows.
  const all = value !== null && !options.some((o) => o.value === value) ? [...options, { value, label: value }] : options;
  return (
    <label className="field search-filter">
      <span>{label}</span>
      <select name={name} defaultValue={value ?? ""}>
        <option value="">Any</option>
        {all.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A plain GET form: the URL is the search, so results can be linked to and paged without JavaScript. */
export function SearchForm({ params, options }: { params: SearchParams; options: SearchFilterOptions }) {
  return (
    <form className="search-form card" role="search" action="/search" method="get">
      <div className="search-box">
        <label className="visually-hidden" htmlFor="search-q">
          Search templates
        </label>
        <input
          id="search-q"
          type="search"
          name="q"
          defaultValue={params.q}
          placeholder='Words in names, jinja, references or dataset names; "a phrase"; -exclude'
          maxLength={500}
        />
        <button type="submit">Search</button>
      </div>
      <div className="search-filters">
        <Select name="dataset" label="Dataset" value={params.datasetId} options={options.datasets} />
        <Select name="language" label="Language" value={params.language} options={options.languages} />
        <Select name="metric" label="Metric" value={params.metric} options={options.metrics} />
        <Select name="state" label="State" value={params.state} options={options.states} />
        <Select name="author" label="Author" value={params.authorId} options={options.authors} />
        <Select name="category" label="Task category" value={params.category} options={options.categories} />
        <Select name="original" label="Original task" value={params.originalTask} options={TRI_STATE} />
        <Select name="choices" label="Choices in prompt" value={params.choicesInPrompt} options={TRI_STATE} />
      </div>
      <p className="small muted search-help">
        Words match as prefixes and must all appear; archived templates show only when you pick that state.{" "}
        <Link href="/search">Clear</Link>
      </p>
    </form>
  );
}
