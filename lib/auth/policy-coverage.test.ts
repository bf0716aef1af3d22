/**
 * Every server action and route handler must pass through the authorization wrappers:
 * `defineAction` (lib/http/action-client) for actions.ts exports and `withApi` (lib/http/with-api)
 * for route.ts method handlers, each declaring a policy action that exists. A new endpoint written
 * any other way fails this test. The checker reads the source with the TypeScript parser.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ACTIONS } from "./policy";

const ROOT = path.resolve(__dirname, "../..");
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** Route files that may bypass withApi, and why. Keep this list short. */
const EXEMPT_ROUTES: Record<string, string> = {
  "app/api/auth/[...nextauth]/route.ts": "next-auth's own endpoints; next-auth checks CSRF and credentials itself",
};

const WRAPPERS = {
  action: { name: "defineAction", module: "@/lib/http/action-client" },
  route: { name: "withApi", module: "@/lib/http/with-api" },
} as const;

type Kind = keyof typeof WRAPPERS;

export function checkSource(fileName: string, text: string, kind: Kind): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const wrapper = WRAPPERS[kind];
  const problems: string[] = [];
  const isExported = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const guarded = (name: string) => kind === "action" || HTTP_METHODS.has(name);

  const importsWrapper = sf.statements.some(
    (s) =>
      ts.isImportDeclaration(s) &&
      ts.isStringLiteral(s.moduleSpecifier) &&
      s.moduleSpecifier.text === wrapper.module &&
      s.importClause?.namedBindings &&
      ts.isNamedImports(s.importClause.namedBindings) &&
      s.importClause.namedBindings.elements.some((e) => e.name.text === wrapper.name && !e.propertyName),
  );

  if (kind === "action") {
    const first = sf.statements[0];
    const directive = first && ts.isExpressionStatement(first) && ts.isStringLiteral(first.expression) ? first.expression.text : null;
    if (directive !== "use server") problems.push(`${fileName}: actions.ts must start with "use server"`);
  }

  const isDefault = (node: ts.Node) =>
    ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);

  for (const s of sf.statements) {
    if ((ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && isExported(s) && isDefault(s)) {
      problems.push(`${fileName}: default export is not allowed; export const NAME = ${wrapper.name}(...)`);
    } else if (ts.isFunctionDeclaration(s) && isExported(s)) {
      const name = s.name?.text ?? "default";
      if (guarded(name)) problems.push(`${fileName}: ${name} is a plain function; wrap it with ${wrapper.name}(...)`);
    } else if (ts.isClassDeclaration(s) && isExported(s)) {
      problems.push(`${fileName}: exported class ${s.name?.text ?? ""} is not allowed here`);
    } else if (ts.isExportAssignment(s)) {
      problems.push(`${fileName}: default export is not allowed; export const NAME = ${wrapper.name}(...)`);
    } else if (ts.isExportDeclaration(s) && !s.isTypeOnly) {
      const names =
        s.exportClause && ts.isNamedExports(s.exportClause)
          ? s.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => e.name.text)
          : ["*"];
      for (const name of names) {
        if (name === "*" || guarded(name)) problems.push(`${fileName}: re-export ${name} bypasses ${wrapper.name}`);
      }
    } else if (ts.isVariableStatement(s) && isExported(s)) {
      for (const d of s.declarationList.declarations) {
        const name = ts.isIdentifier(d.name) ? d.name.text : "?";
        if (!guarded(name)) continue;
        const init = d.initializer;
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== wrapper.name) {
          problems.push(`${fileName}: ${name} must be defined as ${wrapper.name}({ action, ... }, handler)`);
          continue;
        }
        if (!importsWrapper) problems.push(`${fileName}: ${wrapper.name} must be imported from ${wrapper.module}`);
        const opts = init.arguments[0];
        const actionProp =
          opts && ts.isObjectLiteralExpression(opts)
            ? opts.properties.find(
                (p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === "action",
              )
            : undefined;
        const action = actionProp && ts.isStringLiteral(actionProp.initializer) ? actionProp.initializer.text : null;
        if (!action) problems.push(`${fileName}: ${name} must declare a literal policy action`);
        else if (!(ACTIONS as readonly string[]).includes(action)) problems.push(`${fileName}: ${name} uses unknown action "${action}"`);
        if (init.arguments.length !== 2) problems.push(`${fileName}: ${name}: ${wrapper.name} takes (options, handler)`);
      }
    }
  }
  return problems;
}

function findFiles(dir: string, base: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findFiles(full, base, out);
    else if (/^(actions|route)\.(ts|tsx|js|mjs)$/.test(entry.name)) out.push(path.relative(base, full).split(path.sep).join("/"));
  }
  return out;
}

const files = findFiles(path.join(ROOT, "app"), ROOT).sort();

describe("every server action and route handler goes through the policy", () => {
  it("finds the app's endpoints", () => {
    expect(files).toContain("app/api/health/route.ts");
    expect(files.some((f) => f.endsWith("/actions.ts"))).toBe(true);
  });

  it.each(files)("%s", (file) => {
    if (file.endsWith(".js") || file.endsWith(".mjs")) throw new Error(`${file}: endpoints are written in TypeScript`);
    if (EXEMPT_ROUTES[file]) return;
    const kind: Kind = /\/actions\.tsx?$/.test(file) ? "action" : "route";
    expect(checkSource(file, fs.readFileSync(path.join(ROOT, file), "utf8"), kind)).toEqual([]);
  });

  it("exemptions point at files that exist", () => {
    for (const file of Object.keys(EXEMPT_ROUTES)) expect(files).toContain(file);
  });
});

describe("the checker itself", () => {
  const importAction = `import { defineAction } from "@/lib/http/action-client";\n`;
  const importApi = `import { withApi } from "@/lib/http/with-api";\n`;

  it.each([
    ["a plain exported action", `"use server";\nexport async function save() {}`, "action", /plain function/],
    ["a missing use server", `${importAction}export const save = defineAction({ action: "template.create", input: s }, async () => 1);`, "action", /use server/],
    ["an arrow function action", `"use server";\nexport const save = async () => 1;`, "action", /must be defined as defineAction/],
    ["an unknown action", `"use server";\n${importAction}export const save = defineAction({ action: "template.nuke", input: s }, async () => 1);`, "action", /unknown action/],
    ["a computed action", `"use server";\n${importAction}export const save = defineAction({ action: a, input: s }, async () => 1);`, "action", /literal policy action/],
    ["a re-exported action", `"use server";\nexport { save } from "./other";`, "action", /re-export save/],
    ["a local look-alike wrapper", `"use server";\nconst defineAction = (o: unknown, f: unknown) => f;\nexport const save = defineAction({ action: "template.create" }, async () => 1);`, "action", /must be imported/],
    ["a plain GET", `export async function GET() { return new Response("x"); }`, "route", /plain function/],
    ["a handler re-exported as POST", `const h = () => new Response();\nexport { h as POST };`, "route", /re-export POST/],
    ["a default export", `export default function handler() {}`, "route", /default export/],
  ] as const)("rejects %s", (_label, source, kind, pattern) => {
    const problems = checkSource("x.ts", source, kind);
    expect(problems.join("\n")).toMatch(pattern);
  });

  it("accepts wrapped endpoints and segment config", () => {
    const route = `${importApi}export const dynamic = "force-dynamic";\nexport const GET = withApi({ action: "pool.read" }, async () => ({}));`;
    expect(checkSource("route.ts", route, "route")).toEqual([]);
    const action = `"use server";\n${importAction}export const save = defineAction({ action: "template.create", input: s }, async () => 1);\nexport type X = number;`;
    expect(checkSource("actions.ts", action, "action")).toEqual([]);
  });
});
