import { describe, expect, it } from "vitest";
import { Scope } from "./interpreter";

describe("Scope", () => {
  it("binds any number of names, rebinds each where it is held, and looks through its parents", () => {
    const parent = new Scope(null);
    parent.set("row", "from the row");
    parent.set("shadowed", "parent's");
    const scope = new Scope(parent);
    const names = ["a", "b", "c", "d", "shadowed"];
    names.forEach((n, i) => scope.set(n, i));
    // rebinding: the first two names are held in fields, the others in a Map
    for (const n of ["a", "b", "d"]) scope.set(n, `${n} again`);
    expect(names.map((n) => scope.lookup(n))).toEqual(["a again", "b again", 2, "d again", 4]);
    expect(scope.lookup("row")).toBe("from the row");
    expect(scope.own("row")).toBeUndefined();
    expect(scope.lookup("missing")).toBeUndefined();
    expect(parent.lookup("shadowed")).toBe("parent's");
  });

  it("lists its own names once each, in the order they were first bound, without its parents'", () => {
    const scope = new Scope(new Scope(null));
    const seen = () => {
      const out: [string, unknown][] = [];
      scope.forEachOwn((name, value) => out.push([name, value]));
      return out;
    };
    expect(seen()).toEqual([]);
    for (const n of ["x", "y", "z", "w"]) scope.set(n, n.toUpperCase());
    scope.set("y", null);
    scope.set("z", 3);
    expect(seen()).toEqual([
      ["x", "X"],
      ["y", null],
      ["z", 3],
      ["w", "W"],
    ]);
  });

  it("keeps None (null) apart from an unbound name", () => {
    const scope = new Scope(null);
    scope.set("none", null);
    expect(scope.own("none")).toBeNull();
    expect(scope.own("other")).toBeUndefined();
  });
});
