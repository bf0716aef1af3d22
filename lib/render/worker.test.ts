import { describe, expect, it } from "vitest";
import { handleRenderMessage } from "./worker";

const rte = {
  id: "t1",
  name: "yes-no",
  jinja: "{{ premise }} Score {{ score }}? ||| {{ answer_choices[label] }}",
  answerChoices: "Yes ||| No",
};

describe("handleRenderMessage", () => {
  it("renders every template over every row, template order then row order, keeping 3.0 a float", () => {
    const res = handleRenderMessage({
      id: 7,
      templates: [rte, { id: "t2", name: "choice", jinja: "{{ ['a', 'b', 'c', 'd'] | choice }}", answerChoices: null }],
      rows: '[{"premise": "P0", "score": 3.0, "label": 0}, {"premise": "P1", "score": 2, "label": 1}]',
      seedBase: 1000,
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.id).toBe(7);
    expect(res.results.map((r) => [r.templateId, r.rowIndex])).toEqual([
      ["t1", 0],
      ["t1", 1],
      ["t2", 0],
      ["t2", 1],
    ]);
    expect(res.results[0]).toMatchObject({ parts: ["P0 Score 3.0?", "Yes"], answerChoices: ["Yes", "No"], error: null });
    expect(res.results[1]).toMatchObject({ parts: ["P1 Score 2?", "No"], error: null });
    // python3 -c "import random; r=random.Random(); [print(r.seed(s) or r.choice('abcd')) for s in (1000, 1001)]"
    expect(res.results[2].parts).toEqual(["d"]);
    expect(res.results[3].parts).toEqual(["a"]);
    // The engine's own time, for the studio's status line and bench:preview.
    expect(res.engineMs).toBeGreaterThanOrEqual(0);
    expect(res.engineMs).toBeLessThan(60_000);
  });

  it("seeds each row with its own seed when seeds are given (rows picked out of order)", () => {
    const res = handleRenderMessage({
      id: 8,
      templates: [{ id: "t2", name: "choice", jinja: "{{ ['a', 'b', 'c', 'd'] | choice }}", answerChoices: null }],
      rows: "[{}, {}]",
      seedBase: 0,
      seeds: [1001, 1000],
    });
    expect(res.ok && res.results.map((r) => r.parts)).toEqual([["a"], ["d"]]);
  });

  it("returns a record error for a failing template and applies the limits given", () => {
    const res = handleRenderMessage({
      id: "x",
      templates: [
        { id: "bad", name: "undefined attr", jinja: "{{ nope.attr }}", answerChoices: null },
        { id: "loop", name: "endless", jinja: "{% for i in range(10**9) %}x{% endfor %}", answerChoices: null },
      ],
      rows: "[{}]",
      limits: { maxSteps: 10_000 },
    });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.results[0].error).toMatch(/^UndefinedError: /);
    expect(res.results[1].error).toMatch(/^RenderLimitError: /);
  });

  it.each([
    [null, "request needs an id"],
    [{ id: 1, templates: "x", rows: "[]" }, "templates must be an array"],
    [{ id: 1, templates: [{ id: 1 }], rows: "[]" }, "templates[0] needs string id, name and jinja"],
    [{ id: 1, templates: [rte], rows: "[{]" }, "rows: Expecting property name"],
    [{ id: 1, templates: [rte], rows: "{}" }, "rows must be a JSON array"],
    [{ id: 1, templates: [rte], rows: "[1]" }, "rows[0] must be a JSON object"],
    [{ id: 1, templates: [rte], rows: [{}] }, "rows must be the JSON text"],
    [{ id: 1, templates: [rte], rows: "[]", seedBase: 0.5 }, "seedBase must be an integer"],
    [{ id: 1, templates: [rte], rows: "[]", seeds: [0.5] }, "seeds must be an array of integers"],
    [{ id: 1, templates: [rte], rows: "[{}]", seeds: [1, 2] }, "seeds must have one seed per row"],
    [{ id: 1, templates: [rte], rows: "[]", limits: { maxSteps: -1 } }, "limits.maxSteps must be a positive number"],
  ])("rejects a malformed request %j", (msg, error) => {
    const res = handleRenderMessage(msg);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.error).toContain(error);
  });
});
