import { describe, expect, it } from "vitest";
import { can, type Actor, type TemplateStatus } from "../auth/policy";
import { ALL_TEMPLATE_STATUSES, isVisible, templateVisibility } from "./visibility";

const actors: (Actor | null)[] = [
  null,
  { id: "c1", role: "contributor" },
  { id: "r1", role: "reviewer" },
  { id: "a1", role: "admin" },
  { id: "d1", role: "admin", disabled: true },
];

describe("template visibility", () => {
  it("agrees with can(template.read) for every actor, owner, status and pool version", () => {
    for (const actor of actors) {
      const v = templateVisibility(actor);
      for (const owner of ["c1", "r1", "a1", "d1", "someone"]) {
        for (const status of ALL_TEMPLATE_STATUSES) {
          for (const poolVersion of [null, 2]) {
            const t = { createdById: owner, status: status as TemplateStatus, poolVersion };
            expect(isVisible(v, t), JSON.stringify({ actor, t })).toBe(can(actor, "template.read", { kind: "template", ...t }));
          }
        }
      }
    }
  });

  it("gives anonymous visitors the pool only and reviewers everything", () => {
    expect(templateVisibility(null)).toEqual({ viewerId: null, own: { unpooled: [], pooled: [] }, others: { unpooled: ["approved"], pooled: [...ALL_TEMPLATE_STATUSES] } });
    expect(templateVisibility({ id: "r1", role: "reviewer" }).others.unpooled).toEqual([...ALL_TEMPLATE_STATUSES]);
    expect(templateVisibility({ id: "d1", role: "admin", disabled: true }).viewerId).toBeNull();
  });
});
