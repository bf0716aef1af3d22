/**
 * Reads Hugging Face `features` JSON (as `datasets` writes it in dataset_info) for display:
 * a short type text per column and the ClassLabel names. Accepts the shapes seen in the wild:
 * `{_type: "Value", dtype}`, `{_type: "ClassLabel", names}`, `{_type: "Sequence" | "List", feature}`,
 * a bare list `[feature]`, and a plain object of sub-features.
 */
export interface FeatureColumn {
  name: string;
  type: string;
  classNames: string[] | null;
}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function classNamesOf(feature: Json): string[] | null {
  if (isObject(feature) && feature._type === "ClassLabel" && Array.isArray(feature.names)) {
    return feature.names.map(String);
  }
  return null;
}

export function describeFeature(feature: Json): string {
  if (Array.isArray(feature)) return `list of ${feature.length ? describeFeature(feature[0]) : "?"}`;
  if (!isObject(feature)) return "unknown";
  switch (feature._type) {
    case "Value":
      return typeof feature.dtype === "string" ? feature.dtype : "value";
    case "ClassLabel": {
      const names = classNamesOf(feature);
      const n = names?.length ?? (typeof feature.num_classes === "number" ? feature.num_classes : 0);
      return `ClassLabel (${n} classes)`;
    }
    case "Sequence":
    case "List":
    case "LargeList":
      return `list of ${describeFeature(feature.feature)}`;
    case "Translation":
      return `translation (${Array.isArray(feature.languages) ? feature.languages.join(", ") : "?"})`;
    case "TranslationVariableLanguages":
      return "translation (variable languages)";
    case undefined: {
      const parts = Object.entries(feature).map(([k, v]) => `${k}: ${describeFeature(v)}`);
      return `{ ${parts.join(", ")} }`;
    }
    default:
      return String(feature._type);
  }
}

/** Columns in the features' order; when features are missing, the first row's keys. */
export function featureColumns(features: Json, fallbackKeys: string[]): FeatureColumn[] {
  if (isObject(features) && features._type === undefined) {
    return Object.entries(features).map(([name, f]) => ({ name, type: describeFeature(f), classNames: classNamesOf(f) }));
  }
  return fallbackKeys.map((name) => ({ name, type: "", classNames: null }));
}
