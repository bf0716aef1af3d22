/**
 * Attack test: template-injection payloads (JavaScript prototype chains and Python/Jinja2 SSTI
 * classics), endless loops, huge values and deep nesting, through the public API. Every payload
 * must end as a bounded error (RenderLimitError or a Python-like error) or a harmless string;
 * the process must go on rendering, and no prototype may be polluted.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyTemplate, PyDict, PyError, prepareTemplate, renderTemplate, TemplateSyntaxError } from "./index";

/** What only a host object, function or environment could print. */
const HOST_MARKERS = ["[native code]", "[object ", "function", "=>", "process", "globalThis", "require", "PATH=", "HOME="];


function vars(): PyDict {
  return PyDict.fromEntries([
    ["x", "text"],
    ["n", 3],
    ["items", ["a", "b"]],
    ["d", PyDict.fromEntries([["k", "v"]])],
  ]);
}

type Outcome = { kind: "string"; value: string } | { kind: "error"; pyClass: string; message: string };

function render(source: string): Outcome {
  try {
    return { kind: "string", value: renderTemplate(source, vars(), { seed: 1 }) };
  } catch (e) {
    if (e instanceof PyError) return { kind: "error", pyClass: e.pyClass, message: e.message };
    if (e instanceof TemplateSyntaxError) return { kind: "error", pyClass: "TemplateSyntaxError", message: e.message };
    // A RangeError (stack or string length), TypeError from the host, etc.: the engine lost control.
    throw new Error(`payload escaped as a host ${(e as Error).name}: ${(e as Error).message}`);
  }
}

function expectHarmless(source: string): Outcome {
  const out = render(source);
  if (out.kind === "string") {
    for (const marker of HOST_MARKERS) expect(out.value, `${source} printed ${out.value.slice(0, 200)}`).not.toContain(marker);
  }
  return out;
}

function expectError(source: string, pyClass?: string): void {
  const out = render(source);
  expect(out.kind, `${source} -> ${JSON.stringify(out).slice(0, 300)}`).toBe("error");
  if (pyClass && out.kind === "error") expect(out.pyClass, `${source}: ${out.message}`).toBe(pyClass);
}

function expectAppliedSafely(jinja: string): void {
  for (const [main, choices] of [
    [jinja, null],
    ["{{ x }}", jinja],
  ] as const) {
    const t = prepareTemplate({ id: "attack", name: "attack", jinja: main, answerChoices: choices });
    const r = applyTemplate(t, vars(), { seed: 0 });
    if (r.error !== null) {
      expect(r.error).toMatch(/^[A-Z][A-Za-z]*: /);
      expect(r.parts).toBeNull();
    } else {
      for (const p of [...(r.parts ?? []), ...(r.answerChoices ?? [])]) for (const m of HOST_MARKERS) expect(p, main).not.toContain(m);
    }
  }
}

const PROTOTYPE_KEYS = () => [Object.getOwnPropertyNames(Object.prototype), Object.getOwnPropertyNames(Array.prototype), Object.getOwnPropertyNames(String.prototype), Object.getOwnPropertyNames(Function.prototype)].map((k) => k.sort().join(","));
let prototypesBefore: string[];
beforeAll(() => {
  prototypesBefore = PROTOTYPE_KEYS();
});

afterEach(() => {
  // The process goes on: a normal render still works, and nothing leaked into prototypes.
  expect(renderTemplate("{{ x | upper }} {{ n + 1 }} {{ items[-1] }}", vars())).toBe("TEXT 4 b");
  expect(PROTOTYPE_KEYS()).toEqual(prototypesBefore);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
});

// Payloads reaching for host objects. Jinja2 gives Undefined for a missing attribute and raises
// UndefinedError when that Undefined is used (called, read from): an error or harmless text.
const INJECTION = [
  "{{ ''.constructor.constructor('return process')() }}",
  "{{ x.constructor.constructor('return process')().env }}",
  "{{ ''['constructor']['constructor']('return this')() }}",
  "{{ x.__proto__ }}",
  "{{ x.__proto__.polluted }}",
  "{{ d.__proto__ }}",
  "{{ d['__proto__'] }}",
  "{{ d.constructor }}",
  "{{ items.constructor.prototype }}",
  "{{ items.prototype }}",
  "{{ x.__class__ }}",
  "{{ x.__class__.__mro__ }}",
  "{{ x.__class__.__mro__[1].__subclasses__() }}",
  "{{ ''.__class__.__base__.__subclasses__() }}",
  "{{ x.__init__.__globals__ }}",
  "{{ __builtins__ }}",
  "{{ __builtins__.eval('1') }}",
  "{{ self }}",
  "{{ self._TemplateReference__context }}",
  "{{ self.__init__.__globals__.__builtins__ }}",
  "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
  "{{ joiner.__init__.__globals__ }}",
  "{{ namespace.__init__.__globals__ }}",
  "{{ lipsum.__globals__['os'].popen('id').read() }}",
  "{{ lipsum.__globals__ }}",
  "{{ range.constructor('return process')() }}",
  "{{ range.__self__ }}",
  "{{ zip.constructor('return process')() }}",
  "{{ namespace().constructor }}",
  "{{ namespace(__proto__={'polluted': 1}) }}",
  "{% set ns = namespace() %}{% set ns.__proto__ = 1 %}{{ ns.__proto__ }}",
  "{% set ns = namespace(a=1) %}{% set ns.constructor = 1 %}{{ ns.constructor }}",
  "{% for i in items %}{{ loop.__class__ }}{{ loop.constructor }}{{ loop.__init__ }}{% endfor %}",
  "{% for i in items %}{{ loop.cycle.constructor('return process')() }}{% endfor %}",
  "{{ '{0.__class__}'.format(x) }}",
  "{{ '{0.constructor}'.format(x) }}",
  "{{ '{0.__class__.__init__.__globals__}'.format(x) }}",
  "{{ '{0[__proto__]}'.format(d) }}",
  "{{ '%s' % x.__class__ }}",
  "{{ x | attr('__class__') }}",
  "{{ x | attr('constructor') }}",
  '{{ x | attr("constructor") | attr("constructor") }}',
  "{{ items | map(attribute='constructor') | list }}",
  "{{ items | map(attribute='__proto__') | list }}",
  "{{ items | selectattr('constructor') | list }}",
  "{{ [d] | map(attribute='__proto__.polluted') | list }}",
  "{{ items | sort(attribute='constructor') }}",
  "{{ x.upper.constructor('return process')() }}",
  "{{ items.pop.__self__ }}",
  "{{ x.split.__globals__ }}",
  "{{ x.valueOf() }}",
  "{{ x.toString() }}",
  "{{ x.charAt(0) }}",
  "{{ d.hasOwnProperty('k') }}",
  "{{ d.__defineGetter__ }}",
  "{{ d.__lookupGetter__('k') }}",
  "{{ items.map }}",
  "{% set z = {} %}{{ z.update({'__proto__': {'polluted': 1}}) }}{{ z }}",
  "{% set z = {'__proto__': {'isAdmin': true}} %}{{ z.isAdmin }}",
  "{% set z = {'constructor': {'prototype': {'polluted': 1}}} %}{{ z.constructor.prototype.polluted }}",
  "{% set items2 = [] %}{{ items2.__setitem__('__proto__', 1) }}",
  "{{ config }}{{ request }}{{ g }}{{ url_for }}{{ get_flashed_messages }}",
  "{% macro m() %}{{ m.__globals__ }}{{ caller }}{% endmacro %}{{ m() }}{{ m.constructor }}",
  "{% import 'os' as os %}{{ os.system('id') }}",
  "{% include '/etc/passwd' %}",
  "{% extends '/etc/passwd' %}",
  "{% from 'x' import y %}",
];

// Methods that exist in JavaScript but not in Python: calling them must fail as calling an
// Undefined does in Jinja2, showing that only the allow-listed Python methods are reachable.
const JS_ONLY_CALLS = [
  "{{ x.charAt(0) }}",
  "{{ x.valueOf() }}",
  "{{ x.toString() }}",
  "{{ items.toString() }}",
  "{{ d.hasOwnProperty('k') }}",
  "{{ ''.constructor.constructor('return process')() }}",
  "{{ range.constructor('return process')() }}",
];

const EXHAUSTION: [string, string][] = [
  ["{% for i in range(10**9) %}x{% endfor %}", "RenderLimitError"],
  ["{% for i in range(10**9) %}{% endfor %}", "RenderLimitError"],
  ["{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}{% endfor %}{% endfor %}{% endfor %}", "RenderLimitError"],
  ["{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "RenderLimitError"],
  ["{% macro a() %}{{ b() }}{% endmacro %}{% macro b() %}{{ a() }}{% endmacro %}{{ a() }}", "RenderLimitError"],
  ["{{ 'a' * 10**9 }}", "RenderLimitError"],
  ["{{ ('a' * 10**6) * 1000 }}", "RenderLimitError"],
  ["{{ [1] * 10**9 }}", "RenderLimitError"],
  ["{{ range(10**9) | join(',') }}", "RenderLimitError"],
  ["{{ range(10**9) | list | length }}", "RenderLimitError"],
  ["{{ range(10**9) | sum }}", "RenderLimitError"],
  ["{{ zip(range(10**9), range(10**9)) | list }}", "RenderLimitError"],
  ["{% set ns = namespace(s='a') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}", "RenderLimitError"],
  ["{% set ns = namespace(s=[1]) %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s | length }}", "RenderLimitError"],
  ["{% set l = [0] %}{% for i in l %}{{ l.append(i) }}{% endfor %}", "RenderLimitError"],
  ["{{ x.center(10**9) }}", "RenderLimitError"],
  ["{{ x.ljust(10**9) }}", "RenderLimitError"],
  ["{{ x | indent(10**9) }}{{ 'a\nb' | indent(10**9) }}", "RenderLimitError"],
  ["{{ x.replace('', 'y' * 10**5) * 100 }}", "RenderLimitError"],
  ["{{ ((x ~ ' ') * 10**8) | wordcount }}", "RenderLimitError"],
  ["{{ '%1000000000d' % 1 }}", "RenderLimitError"],
  ["{{ '{:>1000000000}'.format(1) }}", "RenderLimitError"],
  // Python would build a 10-billion-digit int; any bounded outcome will do
  ["{{ 10 ** 10 ** 10 }}", "any"],
];

function nested(open: string, close: string, n: number, inner = "1"): string {
  return open.repeat(n) + inner + close.repeat(n);
}

const DEPTH = 10_000;
const DEEP: string[] = [
  "{{ " + nested("(", ")", DEPTH) + " }}",
  "{{ " + nested("[", "]", DEPTH) + " }}",
  "{{ " + nested("{'a': ", "}", DEPTH) + " }}",
  "{{ " + "-".repeat(DEPTH) + "1 }}",
  "{{ " + "not ".repeat(DEPTH) + "x }}",
  "{{ " + Array(DEPTH).fill("1").join(" + ") + " }}",
  "{{ " + Array(DEPTH).fill("x").join(" ~ ") + " }}",
  "{{ " + Array(DEPTH).fill("1").join(" ** ") + " }}",
  "{{ x" + " | lower".repeat(DEPTH) + " }}",
  "{{ x" + ".upper()".repeat(DEPTH) + " }}",
  "{{ d" + ".k".repeat(DEPTH) + " }}",
  "{{ items" + "[0]".repeat(DEPTH) + " }}",
  "{{ " + nested("f(", ")", DEPTH) + " }}",
  "{{ " + Array(DEPTH).fill("1 if x else").join(" ") + " 0 }}",
  nested("{% if x %}", "{% endif %}", DEPTH, "deep"),
  nested("{% for i in items %}", "{% endfor %}", DEPTH, "{{ i }}"),
  nested("{% filter upper %}", "{% endfilter %}", DEPTH, "deep"),
  nested("{% with a = 1 %}", "{% endwith %}", DEPTH, "{{ a }}"),
  "{% raw %}" + "{% raw %}".repeat(DEPTH) + "{% endraw %}",
  "{{ '" + "\\\\".repeat(DEPTH * 10) + "' | length }}",
];

describe("template injection payloads end as an error or harmless text", () => {
  it.each(INJECTION)("%s", (payload) => {
    expectHarmless(payload);
    expectAppliedSafely(payload);
  });

  it.each(JS_ONLY_CALLS)("%s is an error: only Python's methods are reachable", (payload) => {
    expectError(payload);
  });

  it("attr() on an Undefined gives Undefined, printed as \"\" (known difference: Jinja2 raises UndefinedError)", () => {
    // Jinja2's do_attr calls getattr(Undefined, "constructor"), which raises UndefinedError.
    // The engine returns Undefined (prints ""): harmless, listed here so a change is noticed.
    expect(expectHarmless("{{ x | attr('constructor') | attr('constructor') | string }}")).toEqual({ kind: "string", value: "" });
  });

  it("leaves a '__proto__' key as plain data of the dict", () => {
    const out = expectHarmless("{% set z = {} %}{{ z.update({'__proto__': 'p'}) or '' }}{{ z['__proto__'] }}|{{ z | length }}");
    expect(out).toEqual({ kind: "string", value: "p|1" });
  });
});

describe("resource exhaustion ends as a RenderLimitError (or a Python error)", () => {
  it.each(EXHAUSTION)("%s", (payload, pyClass) => {
    if (pyClass === "any") expectHarmless(payload);
    else expectError(payload, pyClass);
    expectAppliedSafely(payload);
  });
});

describe("deep nesting in the source (10,000 levels) is refused, not a stack overflow", () => {
  it.each(DEEP.map((s) => [s.length > 80 ? s.slice(0, 60) + `… (${s.length} chars)` : s, s]))("%s", (_label, payload) => {
    expectHarmless(payload);
    expectAppliedSafely(payload);
  });
});
