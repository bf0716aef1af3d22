import type { Metadata } from "next";
import Link from "next/link";
import { version } from "@/package.json";
import { OpenApiView, type OpenApiDoc } from "@/components/api/openapi-view";
import { buildOpenApiDocument } from "@/lib/api/openapi";

export const metadata: Metadata = { title: "API" };

export default function ApiDocsPage() {
  const doc = buildOpenApiDocument({ version }) as unknown as OpenApiDoc;
  return (
    <>
      <div className="page-header">
        <h1>PromptPool API</h1>
        <p className="muted">
          Version {doc.info.version}. The machine-readable document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
        </p>
      </div>
      <section className="card" aria-label="Using the API">
        <h2>Using it</h2>
        <ul>
          <li>
            Reading datasets, the approved pool and rendering needs no account. To write, or to read your own drafts, create a personal access
            token on <Link href="/account">your account page</Link> and send it as <code>Authorization: Bearer pp_…</code>. A read token only
            reads; a write token also creates templates and saves versions as you.
          </li>
          <li>
            Errors are JSON <code>{"{ \"error\": { \"code\": \"VERSION_CONFLICT\", \"message\": \"…\" } }"}</code>; the code is stable, the message is for
            people.
          </li>
          <li>
            Requests are rate-limited per client address without a token and per token with one; over the limit you get 429 with a{" "}
            <code>Retry-After</code> header. Request bodies have a size limit (413).
          </li>
        </ul>
        <pre>
          <code>{`curl -H "Authorization: Bearer $PROMPTPOOL_TOKEN" http://localhost:3000/api/v1/templates?dataset=ag_news`}</code>
        </pre>
      </section>
      <OpenApiView doc={doc} />
    </>
  );
}
