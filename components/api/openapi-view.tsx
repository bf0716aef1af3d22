// A readable view of our OpenAPI document, rendered on the server (no client code, no CDN):
// operations grouped by tag, then the shared schemas, each field with its type and rules.
import type { ReactNode } from "react";

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: Schema | boolean;
  example?: unknown;
};

interface Operation {
  summary: string;
  description?: string;
  tags: string[];
  "x-auth": string;
  "x-scope": string;
  parameters?: { name: string; in: string; required: boolean; description?: string; schema: Schema }[];
  requestBody?: { content: { "application/json": { schema: Schema } } };
  responses: Record<string, { description: string; content?: { "application/json": { schema: Schema } } }>;
}

export interface OpenApiDoc {
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: { schemas: Record<string, unknown> };
}

const refName = (ref: string) => ref.replace("#/components/schemas/", "");

function typeOf(s: Schema): ReactNode {
  if (s.$ref) return <a href={`#schema-${refName(s.$ref)}`}>{refName(s.$ref)}</a>;
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (s.const !== undefined) return JSON.stringify(s.const);
  const alts = s.anyOf ?? s.oneOf;
  if (alts) {
    return alts.map((a, i) => (
      <span key={i}>
        {i > 0 ? " | " : null}
        {typeOf(a)}
      </span>
    ));
  }
  if (s.type === "array" && s.items) return <>{typeOf(s.items)}[]</>;
  if (s.type === "object" && !s.properties) {
    return typeof s.additionalProperties === "object" ? <>map of {typeOf(s.additionalProperties)}</> : "object";
  }
  if (Array.isArray(s.type)) return s.type.join(" | ");
  return s.type ?? "any";
}

// zod writes JavaScript's safe-integer range on every int; it says nothing to a reader.
const meaningful = (n: number | undefined): n is number => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;

function rules(s: Schema): string {
  const r: string[] = [];
  if (s.minLength !== undefined) r.push(`min length ${s.minLength}`);
  if (s.maxLength !== undefined) r.push(`max length ${s.maxLength}`);
  if (meaningful(s.minimum)) r.push(`≥ ${s.minimum}`);
  if (meaningful(s.maximum)) r.push(`≤ ${s.maximum}`);
  if (s.minItems !== undefined) r.push(`at least ${s.minItems}`);
  if (s.maxItems !== undefined) r.push(`at most ${s.maxItems}`);
  if (s.default !== undefined) r.push(`default ${JSON.stringify(s.default)}`);
  return r.join(", ");
}

function Fields({ schema, depth = 0 }: { schema: Schema; depth?: number }) {
  const target = schema.type === "array" && schema.items?.properties ? schema.items : schema;
  if (!target.properties) {
    return (
      <p className="small">
        <code>{typeOf(schema)}</code> {schema.description ? <span className="muted">{schema.description}</span> : null}
      </p>
    );
  }
  return (
    <ul className={depth === 0 ? "api-fields" : "api-fields nested"}>
      {Object.entries(target.properties).map(([name, field]) => {
        const inner = field.type === "array" ? field.items : field;
        return (
          <li key={name}>
            <code>{name}</code>
            {(target.required ?? []).includes(name) ? <span className="api-required"> required</span> : null} <span className="api-type">{typeOf(field)}</span>
            {rules(field) ? <span className="muted small"> ({rules(field)})</span> : null}
            {field.description ? <div className="muted small">{field.description}</div> : null}
            {inner?.properties && depth < 3 ? <Fields schema={inner} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

function OperationView({ method, path, op }: { method: string; path: string; op: Operation }) {
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, "-");
  const body = op.requestBody?.content["application/json"].schema;
  return (
    <article className="card api-operation" id={id} aria-label={`${method.toUpperCase()} ${path}`}>
      <h3>
        <span className={`api-method api-method-${method}`}>{method.toUpperCase()}</span> <code>{path}</code>
      </h3>
      <p>{op.summary}</p>
      {op.description ? <p className="muted small">{op.description}</p> : null}
      <p className="small">
        Auth:{" "}
        {op["x-auth"] === "public"
          ? "none needed (a token or session is used when sent)"
          : op["x-auth"] === "token"
            ? "a personal access token"
            : "a session or a personal access token"}
        {op["x-scope"] === "write" ? "; scope write" : ""}
      </p>
      {op.parameters?.length ? (
        <>
          <h4>Parameters</h4>
          <ul className="api-fields">
            {op.parameters.map((p) => (
              <li key={`${p.in}-${p.name}`}>
                <code>{p.name}</code> <span className="muted small">in {p.in}</span>
                {p.required ? <span className="api-required"> required</span> : null} <span className="api-type">{typeOf(p.schema)}</span>
                {rules(p.schema) ? <span className="muted small"> ({rules(p.schema)})</span> : null}
                {p.description ? <div className="muted small">{p.description}</div> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {body ? (
        <>
          <h4>Request body</h4>
          <Fields schema={body} />
        </>
      ) : null}
      <h4>Responses</h4>
      <ul className="api-fields">
        {Object.entries(op.responses).map(([status, r]) => (
          <li key={status}>
            <strong>{status}</strong> {r.description}
            {r.content ? <> — {typeOf(r.content["application/json"].schema)}</> : null}
          </li>
        ))}
      </ul>
    </article>
  );
}

export function OpenApiView({ doc }: { doc: OpenApiDoc }) {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })),
  );
  return (
    <div className="api-docs">
      {doc.tags.map((tag) => {
        const ops = operations.filter((o) => o.op.tags.includes(tag.name));
        if (ops.length === 0) return null;
        return (
          <section key={tag.name} aria-labelledby={`tag-${tag.name}`}>
            <h2 id={`tag-${tag.name}`}>{tag.name}</h2>
            <p className="muted">{tag.description}</p>
            {ops.map((o) => (
              <OperationView key={`${o.method} ${o.path}`} {...o} />
            ))}
          </section>
        );
      })}
      <section aria-labelledby="schemas">
        <h2 id="schemas">Schemas</h2>
        {Object.entries(doc.components.schemas).map(([name, schema]) => (
          <article key={name} className="card api-schema" id={`schema-${name}`}>
            <h3>{name}</h3>
            {(schema as Schema).description ? <p className="muted small">{(schema as Schema).description}</p> : null}
            <Fields schema={schema as Schema} />
          </article>
        ))}
      </section>
    </div>
  );
}
