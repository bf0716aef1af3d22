/**
 * The public API's endpoints as the OpenAPI document describes them. Each entry names the zod
 * schemas its route handler uses; lib/api/openapi.test.ts checks every entry against the handler's
 * own withApi options (auth, scope, input schema), so the document cannot drift from the code.
 */
import type { z } from "zod";
import {
  createTemplateBodySchema,
  createVersionBodySchema,
  createdTemplateSchema,
  createdVersionSchema,
  datasetDetailSchema,
  datasetListSchema,
  meSchema,
  mixtureJobSchema,
  mixturePlanSchema,
  mixtureRequestBodySchema,
  releaseDetailSchema,
  releaseListSchema,
  renderBodySchema,
  renderResponseSchema,
  templateDetailSchema,
  templateListQuerySchema,
  templatePageSchema,
  versionListSchema,
} from "./schemas";

export type ApiErrorCode =
  | "VALIDATION"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "VERSION_CONFLICT"
  | "RATE_LIMITED"
  | "PAYLOAD_TOO_LARGE"
  | "TEMPLATE_SYNTAX"
  | "RENDER_LIMIT";

export interface EndpointDoc {
  method: "GET" | "POST";
  /** OpenAPI path, e.g. /api/v1/templates/{templateId} */
  path: string;
  /** the route module under app/, for the consistency test */
  route: string;
  tag: "datasets" | "templates" | "render" | "releases" | "mixtures" | "account";
  summary: string;
  description?: string;
  auth: "public" | "session-or-token" | "token";
  scope: "read" | "write";
  query?: z.ZodObject;
  body?: z.ZodType;
  response: z.ZodType;
  status?: 200 | 201 | 202;
  errors: ApiErrorCode[];
}

export const ENDPOINTS: EndpointDoc[] = [
  {
    method: "GET",
    path: "/api/v1/datasets",
    route: "api/v1/datasets/route.ts",
    tag: "datasets",
    summary: "List datasets",
    auth: "public",
    scope: "read",
    response: datasetListSchema,
    errors: ["RATE_LIMITED"],
  },
  {
    method: "GET",
    path: "/api/v1/datasets/{datasetId}",
    route: "api/v1/datasets/[datasetId]/route.ts",
    tag: "datasets",
    summary: "One dataset with its features and splits",
    auth: "public",
    scope: "read",
    response: datasetDetailSchema,
    errors: ["NOT_FOUND", "RATE_LIMITED"],
  },
  {
    method: "GET",
    path: "/api/v1/templates",
    route: "api/v1/templates/route.ts",
    tag: "templates",
    summary: "List the approved pool",
    description: "Templates with an approved version, each with that version, ordered by dataset name, template name and id.",
    auth: "public",
    scope: "read",
    query: templateListQuerySchema,
    response: templatePageSchema,
    errors: ["VALIDATION", "RATE_LIMITED"],
  },
  {
    method: "POST",
    path: "/api/v1/templates",
    route: "api/v1/templates/route.ts",
    tag: "templates",
    summary: "Create a template with its version 1",
    description: "The template is a draft of the token's owner. Validation is the studio's: PromptSource's metrics, ISO 639-1 language codes, a name unique in the dataset (409 CONFLICT otherwise).",
    auth: "token",
    scope: "write",
    body: createTemplateBodySchema,
    response: createdTemplateSchema,
    status: 201,
    errors: ["VALIDATION", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "PAYLOAD_TOO_LARGE", "RATE_LIMITED"],
  },
  {
    method: "GET",
    path: "/api/v1/templates/{templateId}",
    route: "api/v1/templates/[templateId]/route.ts",
    tag: "templates",
    summary: "One template: its latest and its approved version",
    description: "Templates in the pool are public; drafts only to their author (and reviewers), through a token or the session. Others get 404.",
    auth: "public",
    scope: "read",
    response: templateDetailSchema,
    errors: ["NOT_FOUND", "RATE_LIMITED"],
  },
  {
    method: "GET",
    path: "/api/v1/templates/{templateId}/versions",
    route: "api/v1/templates/[templateId]/versions/route.ts",
    tag: "templates",
    summary: "Every version of a template, oldest first",
    auth: "public",
    scope: "read",
    response: versionListSchema,
    errors: ["NOT_FOUND", "RATE_LIMITED"],
  },
  {
    method: "POST",
    path: "/api/v1/templates/{templateId}/versions",
    route: "api/v1/templates/[templateId]/versions/route.ts",
    tag: "templates",
    summary: "Save a new version on top of baseVersion",
    description:
      "baseVersion must be the template's latest version; otherwise 409 VERSION_CONFLICT and nothing changes: fetch the template, apply your change to its latest version and send again. Metadata left out is carried over from the base version.",
    auth: "token",
    scope: "write",
    body: createVersionBodySchema,
    response: createdVersionSchema,
    status: 201,
    errors: ["VALIDATION", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "VERSION_CONFLICT", "CONFLICT", "PAYLOAD_TOO_LARGE", "RATE_LIMITED"],
  },
  {
    method: "POST",
    path: "/api/v1/render",
    route: "api/v1/render/route.ts",
    tag: "render",
    summary: "Apply a template to rows, as PromptSource's Template.apply",
    description:
      "Rows are read with Python's JSON semantics (3.0 stays a float). A row's own failure (e.g. UndefinedError) is that record's error; a template that does not parse is 422 TEMPLATE_SYNTAX; one that hits the engine's step, size or time limit, or a request over the time budget, is 422 RENDER_LIMIT.",
    auth: "public",
    scope: "read",
    body: renderBodySchema,
    response: renderResponseSchema,
    errors: ["VALIDATION", "TEMPLATE_SYNTAX", "RENDER_LIMIT", "PAYLOAD_TOO_LARGE", "RATE_LIMITED"],
  },
  {
    method: "GET",
    path: "/api/v1/releases",
    route: "api/v1/releases/route.ts",
    tag: "releases",
    summary: "Published releases, newest first",
    description: "Each release lists its downloads: one zip per export format (PromptSource YAML, P3, xP3, FLAN, Alpaca, chat), streamed by GET /api/exports to anyone; a release never changes, so neither do its zips.",
    auth: "public",
    scope: "read",
    response: releaseListSchema,
    errors: ["RATE_LIMITED"],
  },
  {
    method: "GET",
    path: "/api/v1/releases/{releaseName}",
    route: "api/v1/releases/[releaseName]/route.ts",
    tag: "releases",
    summary: "One release with the template versions it froze",
    description: "With the release's download links (one zip per export format), as in the list.",
    auth: "public",
    scope: "read",
    response: releaseDetailSchema,
    errors: ["NOT_FOUND", "RATE_LIMITED"],
  },
  {
    method: "POST",
    path: "/api/v1/mixtures/plan",
    route: "api/v1/mixtures/plan/route.ts",
    tag: "mixtures",
    summary: "Preview a mixture of a release: planned examples per dataset, template and category",
    description:
      "Nothing is rendered or written. Impossible parameters are refused with 400 VALIDATION and a message saying what to change: a cap of 0, every category held out, k exemplars more than a split has rows, a name in an include or hold-out list that selects nothing.",
    auth: "session-or-token",
    scope: "read",
    body: mixtureRequestBodySchema,
    response: mixturePlanSchema,
    errors: ["VALIDATION", "UNAUTHORIZED", "NOT_FOUND", "PAYLOAD_TOO_LARGE", "RATE_LIMITED"],
  },
  {
    method: "POST",
    path: "/api/v1/mixtures",
    route: "api/v1/mixtures/route.ts",
    tag: "mixtures",
    summary: "Build a mixture of a release as a background job",
    description:
      "The request is planned first (the same refusals as /mixtures/plan), then queued; 202 with the job and a Location to poll. The job writes one JSONL file (download link in the job once done) and keeps the manifest in the job. The same release and request give the same bytes.",
    auth: "session-or-token",
    scope: "write",
    body: mixtureRequestBodySchema,
    response: mixtureJobSchema,
    status: 202,
    errors: ["VALIDATION", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND", "PAYLOAD_TOO_LARGE", "RATE_LIMITED"],
  },
  {
    method: "GET",
    path: "/api/v1/mixtures/{jobId}",
    route: "api/v1/mixtures/[jobId]/route.ts",
    tag: "mixtures",
    summary: "A mixture job: status, progress, and once done its file, download link and manifest",
    description: "Its creator or an admin; cancel it with POST /api/jobs/{jobId}/cancel.",
    auth: "session-or-token",
    scope: "read",
    response: mixtureJobSchema,
    errors: ["UNAUTHORIZED", "NOT_FOUND", "RATE_LIMITED"],
  },
  {
    method: "GET",
    path: "/api/v1/me",
    route: "api/v1/me/route.ts",
    tag: "account",
    summary: "Who the request acts as (check a token)",
    auth: "session-or-token",
    scope: "read",
    response: meSchema,
    errors: ["UNAUTHORIZED", "RATE_LIMITED"],
  },
];
