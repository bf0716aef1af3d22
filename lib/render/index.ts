/**
 * PromptPool's renderer: a sandboxed interpreter of Jinja2 3.1 with Python value semantics, and
 * PromptSource's Template.apply on top. Runs in a Web Worker and in Node (no Node-only imports).
 */
import { PyRandom } from "./py-random";
import { DEFAULT_LIMITS, type RenderLimits } from "./runtime";
import { compileTemplate, drawFolded, newRenderState, renderAst } from "./template";
import type { PyDict } from "./values";

export * from "./values";
export { DEFAULT_LIMITS, type RenderLimits } from "./runtime";
export { TemplateSyntaxError } from "./lexer";
export {
  prepareTemplate,
  applyTemplate,
  prepareRow,
  PreparedRowBuilder,
  type PreparedRow,
  type TemplateSource,
  type PreparedTemplate,
  type ApplyOptions,
  type ApplyResult,
} from "./promptsource";
export { analyzeTemplate, type TemplateAnalysis } from "./analyze";

/** Plain Jinja2 render (no PromptSource rewrite). Throws PyError / TemplateSyntaxError. */
export function renderTemplate(
  source: string,
  vars: PyDict,
  options: { seed?: number; limits?: Partial<RenderLimits> } = {},
): string {
  const limits: RenderLimits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
  const ast = compileTemplate(source);
  const st = newRenderState(new PyRandom(options.seed ?? 0), limits);
  const slots = drawFolded(ast, st);
  return renderAst(ast, vars, st, slots);
}
