import { floatRepr } from "@/lib/render/py-float";
import { PyDict, PyFloat, PyTuple, type PyValue } from "@/lib/render/values";

const LONG_TEXT = 280;

function isScalar(v: PyValue): boolean {
  return v === null || typeof v !== "object" || v instanceof PyFloat;
}

function scalarText(v: PyValue, quoteStrings: boolean): string {
  if (v === null) return "null";
  if (typeof v === "string") return quoteStrings ? JSON.stringify(v) : v;
  if (v instanceof PyFloat) return floatRepr(v.value);
  return String(v);
}

function LongText({ text }: { text: string }) {
  if (text.length <= LONG_TEXT) return <span className="v-str">{text}</span>;
  return (
    <details className="more">
      <summary>
        <span className="v-str">{text.slice(0, LONG_TEXT).trimEnd()}… </span>
        <span className="more-link">show all</span>
      </summary>
      <span className="v-str">{text}</span>
    </details>
  );
}

/** A row value as people read it: text as text, numbers exact (3.0 stays 3.0), lists and dicts nested. */
export function ValueView({ value, classNames }: { value: PyValue | undefined; classNames?: string[] | null }) {
  if (value === undefined) return <span className="v-null">—</span>;
  if (value === null) return <span className="v-null">null</span>;
  if (typeof value === "string") {
    return value === "" ? <span className="v-null">(empty)</span> : <LongText text={value} />;
  }
  if (typeof value === "number" && classNames) {
    const name = value >= 0 && value < classNames.length ? classNames[value] : value === -1 ? "no label" : null;
    return (
      <span className="v-label">
        <span className="v-num">{value}</span>
        {name ? <span className="v-label-name">{name}</span> : null}
      </span>
    );
  }
  if (isScalar(value)) return <span className="v-num">{scalarText(value, false)}</span>;
  const items = Array.isArray(value) ? value : value instanceof PyTuple ? [...value.items] : null;
  if (items) {
    if (items.length === 0) return <span className="v-inline-list">[]</span>;
    if (items.every(isScalar) && items.every((i) => typeof i !== "string" || i.length < 60)) {
      return <span className="v-inline-list">[{items.map((i) => scalarText(i, true)).join(", ")}]</span>;
    }
    return (
      <ol className="v-list" start={0}>
        {items.map((item, i) => (
          <li key={i}>
            <ValueView value={item} />
          </li>
        ))}
      </ol>
    );
  }
  if (value instanceof PyDict) {
    return (
      <dl className="v-dict">
        {[...value.entries()].map(([k, v]) => (
          <div key={String(k)} style={{ display: "contents" }}>
            <dt>{scalarText(k, false)}</dt>
            <dd>
              <ValueView value={v} />
            </dd>
          </div>
        ))}
      </dl>
    );
  }
  return <span className="v-null">?</span>;
}
