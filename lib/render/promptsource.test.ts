/**
 * PromptSource's Template.apply (parity README rules 1-12). Expected records were produced by
 * ../shared/parity/tools/render_ref.py (Python 3.11, Jinja2 3.1.6) with seeds 1000 and 1001; the
 * error field holds only the exception class, which is what conformance requires.
 */
import { describe, expect, it } from "vitest";
import { applyTemplate, prepareTemplate, type ApplyResult } from "./index";
import { parsePyJson } from "./py-json";
import type { PyDict } from "./values";

type Expected = { parts: string[] | null; answerChoices: string[] | null; error: string | null };

const CASES: [string, string, string | null, string, Expected[]][] = [
 [
  "pipe protection of top-level strings only",
  "{{ a }} ||| {{ nested[0] }} ||| {{ b }}",
  null,
  "{\"a\": \"x ||| y\", \"nested\": [\"p ||| q\"], \"b\": \" end \"}",
  [
   {
    "parts": [
     "x ||| y",
     "p",
     "q",
     "end"
    ],
    "answerChoices": null,
    "error": null
   },
   {
    "parts": [
     "x ||| y",
     "p",
     "q",
     "end"
    ],
    "answerChoices": null,
    "error": null
   }
  ]
 ],
 [
  "answer choices rendered first and injected",
  "{{ q }} ||| {{ answer_choices[label] }}",
  "Yes ||| No ||| {{ extra }}",
  "{\"q\": \"Q?\", \"label\": 1, \"extra\": \" maybe \"}",
  [
   {
    "parts": [
     "Q?",
     "No"
    ],
    "answerChoices": [
     "Yes",
     "No",
     "maybe"
    ],
    "error": null
   },
   {
    "parts": [
     "Q?",
     "No"
    ],
    "answerChoices": [
     "Yes",
     "No",
     "maybe"
    ],
    "error": null
   }
  ]
 ],
 [
  "protected pipes survive into answer choices",
  "{{ answer_choices | join(', ') }}",
  "{{ c1 }} ||| {{ c2 }}",
  "{\"c1\": \"a|||b\", \"c2\": \"c\"}",
  [
   {
    "parts": [
     "a",
     "b, c"
    ],
    "answerChoices": [
     "a|||b",
     "c"
    ],
    "error": null
   },
   {
    "parts": [
     "a",
     "b, c"
    ],
    "answerChoices": [
     "a|||b",
     "c"
    ],
    "error": null
   }
  ]
 ],
 [
  "hyphenated column renamed",
  "{{ first_name }}-{{ data['k-1'] }}",
  null,
  "{\"first-name\": \"Ann\", \"data\": {\"k-1\": \"nested keeps hyphen\"}}",
  [
   {
    "parts": [
     "Ann-nested keeps hyphen"
    ],
    "answerChoices": null,
    "error": null
   },
   {
    "parts": [
     "Ann-nested keeps hyphen"
    ],
    "answerChoices": null,
    "error": null
   }
  ]
 ],
 [
  "reserved key",
  "{{ x }}",
  null,
  "{\"answer_choices\": [1], \"x\": 1}",
  [
   {
    "parts": null,
    "answerChoices": null,
    "error": "ValueError"
   },
   {
    "parts": null,
    "answerChoices": null,
    "error": "ValueError"
   }
  ]
 ],
 [
  "truncation rewrite binds to the last operand",
  "{{ a + b }}|{{ n if flag else m }}|{{ long }}",
  null,
  "{\"a\": \"A\", \"b\": \"B\", \"n\": 1.0, \"m\": null, \"flag\": true, \"long\": \"word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word \"}",
  [
   {
    "parts": [
     "AB|1.0|word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word..."
    ],
    "answerChoices": null,
    "error": null
   },
   {
    "parts": [
     "AB|1.0|word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word word..."
    ],
    "answerChoices": null,
    "error": null
   }
  ]
 ],
 [
  "None, True and floats printed like Python str()",
  "{{ none }} {{ t }} {{ f }} {{ i }} {{ lst }} {{ d }}",
  null,
  "{\"none\": null, \"t\": true, \"f\": 3.0, \"i\": 3, \"lst\": [\"a\", 1], \"d\": {\"k\": 1.5}}",
  [
   {
    "parts": [
     "None True 3.0 3 ['a', 1] {'k': 1.5}"
    ],
    "answerChoices": null,
    "error": null
   },
   {
    "parts": [
     "None True 3.0 3 ['a', 1] {'k': 1.5}"
    ],
    "answerChoices": null,
    "error": null
   }
  ]
 ],
 [
  "empty output gives one empty part",
  "{% if false %}x{% endif %}",
  null,
  "{}",
  [
   {
    "parts": [
     ""
    ],
    "answerChoices": null,
    "error": null
   },
   {
    "parts": [
     ""
    ],
    "answerChoices": null,
    "error": null
   }
  ]
 ],
 [
  "three parts",
  "a ||| b ||| c",
  null,
  "{}",
  [
   {
    "parts": [
     "a",
     "b",
     "c"
    ],
    "answerChoices": null,
    "error": null
   },
   {
    "parts": [
     "a",
     "b",
     "c"
    ],
    "answerChoices": null,
    "error": null
   }
  ]
 ],
 [
  "unicode strip",
  "　 a  |||\n b  ",
  null,
  "{}",
  [
   {
    "parts": [
     "a",
     "b"
    ],
    "answerChoices": null,
    "error": null
   },
   {
    "parts": [
     "a",
     "b"
    ],
    "answerChoices": null,
    "error": null
   }
  ]
 ],
 [
  "error becomes the record's error",
  "{{ l.index(5) }}",
  null,
  "{\"l\": [1]}",
  [
   {
    "parts": null,
    "answerChoices": null,
    "error": "ValueError"
   },
   {
    "parts": null,
    "answerChoices": null,
    "error": "ValueError"
   }
  ]
 ],
 [
  "undefined attribute error",
  "{{ missing.x }}",
  null,
  "{}",
  [
   {
    "parts": null,
    "answerChoices": null,
    "error": "UndefinedError"
   },
   {
    "parts": null,
    "answerChoices": null,
    "error": "UndefinedError"
   }
  ]
 ],
 [
  "answer choices without truncation rewrite",
  "{{ answer_choices[0] | length }}",
  "{{ long }}",
  "{\"long\": \"yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\"}",
  [
   {
    "parts": [
     "3000"
    ],
    "answerChoices": [
     "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
    ],
    "error": null
   },
   {
    "parts": [
     "3000"
    ],
    "answerChoices": [
     "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"
    ],
    "error": null
   }
  ]
 ],
 [
  "mutation does not leak between applies",
  "{{ l.append(9) or '' }}{{ l }}",
  null,
  "{\"l\": [1]}",
  [
   {
    "parts": [
     "[1, 9]"
    ],
    "answerChoices": null,
    "error": null
   },
   {
    "parts": [
     "[1, 9]"
    ],
    "answerChoices": null,
    "error": null
   }
  ]
 ],
 [
  "folded choice drawn before answer choices, then choices, then main",
  "{% set k = [0, 1, 2, 3] | choice %}{{ k }} {{ [1, 2, 3] | choice }} ||| {{ answer_choices }}",
  "{{ ['a', 'b', 'c'] | choice }} ||| {{ opts | choice }}",
  "{\"opts\": [\"x\", \"y\", \"z\"]}",
  [
   {
    "parts": [
     "3 3",
     "['a', 'y']"
    ],
    "answerChoices": [
     "a",
     "y"
    ],
    "error": null
   },
   {
    "parts": [
     "0 1",
     "['a', 'z']"
    ],
    "answerChoices": [
     "a",
     "z"
    ],
    "error": null
   }
  ]
 ],
 [
  "folded choice in an untaken branch still draws",
  "{% if false %}{{ [1, 2] | choice }}{% endif %}{{ opts | choice }}",
  null,
  "{\"opts\": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]}",
  [
   {
    "parts": [
     "1"
    ],
    "answerChoices": null,
    "error": null
   },
   {
    "parts": [
     "3"
    ],
    "answerChoices": null,
    "error": null
   }
  ]
 ],
 [
  "random filter draws at render time",
  "{{ opts | random }} {{ [] | random }}|",
  null,
  "{\"opts\": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49]}",
  [
   {
    "parts": [
     "49 |"
    ],
    "answerChoices": null,
    "error": null
   },
   {
    "parts": [
     "3 |"
    ],
    "answerChoices": null,
    "error": null
   }
  ]
 ],
 [
  "choice on empty list",
  "{{ [] | choice }}",
  null,
  "{}",
  [
   {
    "parts": null,
    "answerChoices": null,
    "error": "IndexError"
   },
   {
    "parts": null,
    "answerChoices": null,
    "error": "IndexError"
   }
  ]
 ]
];

function errorClass(r: ApplyResult): ApplyResult {
  return { ...r, error: r.error === null ? null : r.error.split(":")[0] };
}

describe("applyTemplate reproduces PromptSource's Template.apply", () => {
  it.each(CASES)("%s", (_name, jinja, answerChoices, rowJson, expected) => {
    const t = prepareTemplate({ id: "t", name: "t", jinja, answerChoices });
    const row = parsePyJson(rowJson) as PyDict;
    expected.forEach((exp, i) => {
      expect(errorClass(applyTemplate(t, row, { seed: 1000 + i }))).toEqual(exp);
    });
  });

  it("sees a row that changed between applies (prepared rows are cached per row object)", () => {
    const t = prepareTemplate({ id: "t", name: "t", jinja: "{{ a }}|{{ b_c }}", answerChoices: null });
    const row = parsePyJson('{"a": "x ||| y", "b-c": 1}') as PyDict;
    expect(applyTemplate(t, row, { seed: 0 }).parts).toEqual(["x ||| y|1"]);
    row.set("a", "changed");
    expect(applyTemplate(t, row, { seed: 0 }).parts).toEqual(["changed|1"]);
    row.set("new", 2);
    row.delete("b-c");
    expect(applyTemplate(t, row, { seed: 0 }).parts).toEqual(["changed|"]);
  });

  it("formats errors as 'ClassName: message'", () => {
    const t = prepareTemplate({ id: "t", name: "t", jinja: "{{ missing.attr }}", answerChoices: null });
    expect(applyTemplate(t, parsePyJson("{}") as PyDict, { seed: 0 }).error).toBe("UndefinedError: 'missing' is undefined");
  });

  it("keeps a compile error and reports it on every apply", () => {
    const t = prepareTemplate({ id: "t", name: "t", jinja: "{% for x in %}", answerChoices: null });
    const r = applyTemplate(t, parsePyJson("{}") as PyDict, { seed: 0 });
    expect(r.parts).toBeNull();
    expect(r.error).toMatch(/^TemplateSyntaxError: /);
  });

  it("turns an exhausted limit into a RenderLimitError record and goes on", () => {
    const t = prepareTemplate({ id: "t", name: "t", jinja: "{% for i in range(10**7) %}{{ i }}{% endfor %}", answerChoices: null });
    const r = applyTemplate(t, parsePyJson("{}") as PyDict, { seed: 0, limits: { maxSteps: 10_000 } });
    expect(r.error).toMatch(/^RenderLimitError: /);
    const ok = prepareTemplate({ id: "u", name: "u", jinja: "{{ (1 + 1) }}", answerChoices: null });
    expect(applyTemplate(ok, parsePyJson("{}") as PyDict, { seed: 0 }).parts).toEqual(["2"]);
  });

  it.each([
    ["output size", "{% for i in range(100) %}{{ ('x' * 1000) }}{% endfor %}", { maxOutputChars: 50_000 }],
    ["built string size", "{% set s = 'a' * 10**6 %}{{ s | length }}", { maxOutputChars: 100_000 }],
    ["list size", "{{ range(10**6) | list | length }}", { maxOutputChars: 100_000 }],
    ["recursion depth", "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}", { maxDepth: 50 }],
    ["time", "{% for i in range(10**6) %}{% for j in range(10**6) %}{% endfor %}{% endfor %}", { timeoutMs: 50, maxSteps: 10 ** 12 }],
  ])("limits %s", (_what, jinja, limits) => {
    const t = prepareTemplate({ id: "t", name: "t", jinja, answerChoices: null });
    expect(applyTemplate(t, parsePyJson("{}") as PyDict, { seed: 0, limits }).error).toMatch(/^RenderLimitError: /);
  });

  it("gives text-only answer choices (split once per template) as rendering them would, a fresh list each time", () => {
    // the same choices as text only and as an expression, which is rendered on every apply
    const jinja = "{{ a }} ||| {{ answer_choices[0] }}{% set _ = answer_choices.append('extra') %} {{ answer_choices | length }}";
    const row = parsePyJson('{"a": "x"}') as PyDict;
    for (const choices of [" yes ||| no|||  maybe  ", "a ||| b", "", "only"]) {
      const constant = prepareTemplate({ id: "t", name: "t", jinja, answerChoices: choices });
      const rendered = prepareTemplate({ id: "t", name: "t", jinja, answerChoices: `{{ ${JSON.stringify(choices)} }}` });
      expect(constant.constantChoices).not.toBeNull();
      expect(rendered.constantChoices).toBeNull();
      for (let i = 0; i < 3; i++) expect(applyTemplate(constant, row, { seed: i })).toEqual(applyTemplate(rendered, row, { seed: i }));
    }
    // a comment leaves text only (Jinja drops it)
    const commented = prepareTemplate({ id: "t", name: "t", jinja: "{{ answer_choices }}", answerChoices: " yes ||| no|||{# c #}  maybe  " });
    expect(commented.constantChoices).not.toBeNull();
    expect(applyTemplate(commented, row, { seed: 0 }).answerChoices).toEqual(["yes", "no", "maybe"]);
    // the template appends to its list: the next apply starts from the choices again
    const t = prepareTemplate({ id: "t", name: "t", jinja, answerChoices: "a ||| b" });
    expect(applyTemplate(t, row, { seed: 0 }).answerChoices).toEqual(["a", "b", "extra"]);
    expect(applyTemplate(t, row, { seed: 0 }).answerChoices).toEqual(["a", "b", "extra"]);
  });

  it("charges text-only answer choices to the render's limits as rendering them would", () => {
    const row = parsePyJson('{"a": "x"}') as PyDict;
    const jinja = "{{ a }}{{ a }} ||| {{ answer_choices[0] }}";
    const choices = "aaaa ||| bbbb"; // 13 characters, then 1 + 1 + 5 + 4 written by the main template
    const constant = prepareTemplate({ id: "t", name: "t", jinja, answerChoices: choices });
    const rendered = prepareTemplate({ id: "t", name: "t", jinja, answerChoices: `{{ ${JSON.stringify(choices)} }}` });
    for (const maxOutputChars of [5, 13, 20, 23, 24, 30]) {
      const limits = { maxOutputChars };
      const a = applyTemplate(constant, row, { seed: 0, limits });
      expect(a).toEqual(applyTemplate(rendered, row, { seed: 0, limits }));
      expect(a.error === null).toBe(maxOutputChars >= 24);
    }
    expect(applyTemplate(constant, row, { seed: 0, limits: { maxOutputChars: 5 } }).error).toBe("RenderLimitError: the output exceeds 5 characters");
  });
});
