import type { FilterOption } from "@/components/search/search-form";

export interface ViewerChoice {
  datasetId: string | null;
  templateId: string | null;
  version: number | null;
  split: string | null;
  size: number;
}

function Select({ name, label, value, options, placeholder }: { name: string; label: string; value: string | null; options: FilterOption[]; placeholder?: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select name={name} defaultValue={value ?? ""}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A plain GET form: the URL says what is shown (dataset, template, version, split, page). */
export function ViewerPicker({
  choice,
  datasets,
  templates,
  versions,
  splits,
  sizes,
}: {
  choice: ViewerChoice;
  datasets: FilterOption[];
  templates: FilterOption[];
  versions: FilterOption[];
  splits: FilterOption[];
  sizes: number[];
}) {
  return (
    <form className="card viewer-picker" action="/viewer" method="get" aria-label="What to show">
      <Select name="dataset" label="Dataset" value={choice.datasetId} options={datasets} placeholder="Pick a dataset" />
      {choice.datasetId ? (
        <>
          <Select name="template" label="Template" value={choice.templateId} options={templates} placeholder={templates.length ? "Pick a template" : "No templates"} />
          {versions.length > 0 ? <Select name="version" label="Version" value={choice.version === null ? null : String(choice.version)} options={versions} /> : null}
          <Select name="split" label="Split" value={choice.split} options={splits} />
          <Select name="size" label="Rows per page" value={String(choice.size)} options={sizes.map((n) => ({ value: String(n), label: String(n) }))} />
        </>
      ) : null}
      <button type="submit">Show</button>
    </form>
  );
}
