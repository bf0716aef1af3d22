import { isClassLabel, isDict, isList, isValue, normalizeFeatures, type Feature } from "@/lib/datasets/features";

/** Hugging Face features as a tree: column, type, ClassLabel names; dicts and lists nest. */
export function FeatureTree({ features }: { features: unknown }) {
  const entries = Object.entries(normalizeFeatures(features));
  if (entries.length === 0) return <p className="empty">No features recorded.</p>;
  return (
    <ul className="feature-tree" data-testid="feature-tree">
      {entries.map(([name, f]) => (
        <FeatureNode key={name} name={name} feature={f} />
      ))}
    </ul>
  );
}

function FeatureNode({ name, feature }: { name: string; feature: Feature }) {
  return (
    <li>
      <code className="feature-name">{name}</code> <FeatureType feature={feature} />
    </li>
  );
}

function FeatureType({ feature }: { feature: Feature }) {
  if (isValue(feature)) return <span className="feature-type">{feature.dtype}</span>;
  if (isClassLabel(feature)) {
    return (
      <>
        <span className="feature-type">ClassLabel</span>
        <span className="label-names">
          {feature.names.map((n, i) => (
            <span className="badge" key={i}>
              {i}: {n}
            </span>
          ))}
        </span>
      </>
    );
  }
  if (isList(feature)) {
    const inner = feature.feature;
    if (isDict(inner)) {
      return (
        <>
          <span className="feature-type">list of dict</span>
          <ul>
            {Object.entries(inner).map(([k, f]) => (
              <FeatureNode key={k} name={k} feature={f} />
            ))}
          </ul>
        </>
      );
    }
    return (
      <>
        <span className="feature-type">list of</span> <FeatureType feature={inner} />
      </>
    );
  }
  if (isDict(feature)) {
    return (
      <>
        <span className="feature-type">dict</span>
        <ul>
          {Object.entries(feature).map(([k, f]) => (
            <FeatureNode key={k} name={k} feature={f} />
          ))}
        </ul>
      </>
    );
  }
  return <span className="feature-type">{String((feature as { _type?: unknown })._type ?? "unknown")}</span>;
}
