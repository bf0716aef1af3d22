import { afterEach, expect, it } from "vitest";
import { resetEnvForTests } from "../env";
import { AppError } from "../errors";
import { describeDb } from "./testing/harness";
import { findUserForSignIn, getUser, listUsers, registerUser, setUserDisabled, setUserPassword, setUserRole } from "./users";
import { listAuditEvents } from "./audit";

// A real bcrypt hash shape; hashing itself is tested in lib/passwords.test.ts.
const HASH = "$2b$04$abcdefghijklmnopqrstuu5Vh1sKqT9Qm7r4ZbGgOa2W2mQb9uS3e";

const withDemo = async <T>(fn: () => Promise<T>): Promise<T> => {
  const before = process.env.PROMPTPOOL_DEMO;
  process.env.PROMPTPOOL_DEMO = "1";
  resetEnvForTests();
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.PROMPTPOOL_DEMO;
    else process.env.PROMPTPOOL_DEMO = before;
    resetEnvForTests();
  }
};

afterEach(() => resetEnvForTests());

describeDb("users", (db) => {
  it("makes the first account on an empty instance admin and later ones contributors", async () => {
    const first = await registerUser({ email: "Ada@Example.org ", name: "Ada", passwordHash: HASH });
    expect(first).toMatchObject({ email: "ada@example.org", name: "Ada", role: "admin", disabled: false });
    const second = await registerUser({ email: "bob@example.org", name: "Bob", passwordHash: HASH });
    expect(second.role).toBe("contributor");
    expect((await listUsers()).map((u) => u.email)).toEqual(["ada@example.org", "bob@example.org"]);
    const events = await listAuditEvents({ subjectType: "user", subjectId: first.id });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "user.register", actorId: first.id, details: { role: "admin" } });
  });

  it("refuses a duplicate email, whatever its case, with CONFLICT and writes nothing", async () => {
    const before = (await listUsers()).length;
    const error = await registerUser({ email: "BOB@example.org", name: "Bob 2", passwordHash: HASH }).catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(await listUsers()).toHaveLength(before);
  });

  it("rejects invalid input with VALIDATION naming the field", async () => {
    const error = await registerUser({ email: "not-an-email", name: "X", passwordHash: HASH }).catch((e) => e);
    expect(error).toMatchObject({ code: "VALIDATION" });
    expect(Object.keys(error.fields)).toContain("email");
  });

  it("finds a user for sign-in by email, case-insensitively, with the hash", async () => {
    const u = await findUserForSignIn("ADA@example.org");
    expect(u).toMatchObject({ email: "ada@example.org", passwordHash: HASH, role: "admin" });
    expect(await findUserForSignIn("nobody@example.org")).toBeNull();
    expect(await findUserForSignIn("")).toBeNull();
  });

  it("changes roles and disables accounts with audit events, but keeps one active admin", async () => {
    const [ada, bob] = await listUsers();
    await expect(setUserRole(ada.id, "contributor", ada.id)).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(setUserDisabled(ada.id, true, ada.id)).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await setUserRole(bob.id, "reviewer", ada.id)).role).toBe("reviewer");
    expect((await setUserDisabled(bob.id, true, ada.id)).disabled).toBe(true);
    expect(await getUser(bob.id)).toMatchObject({ role: "reviewer", disabled: true });
    await expect(setUserRole(bob.id, "owner" as never, ada.id)).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(setUserRole("missing", "admin", ada.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    const actions = (await listAuditEvents({ subjectType: "user", subjectId: bob.id })).map((e) => e.action);
    expect(actions.sort()).toEqual(["user.disable", "user.register", "user.role"]);
  });

  it("replaces a password hash with an audit event that does not hold the hash", async () => {
    const [ada] = await listUsers();
    const NEW_HASH = "$2b$04$zyxwvutsrqponmlkjihgfeu5Vh1sKqT9Qm7r4ZbGgOa2W2mQb9uS3e";
    await setUserPassword(ada.id, NEW_HASH, ada.id);
    expect((await findUserForSignIn(ada.email!))?.passwordHash).toBe(NEW_HASH);
    const events = (await listAuditEvents({ subjectType: "user", subjectId: ada.id })).filter((e) => e.action === "user.password");
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events[0])).not.toContain(NEW_HASH);
    await expect(setUserPassword("missing", NEW_HASH, ada.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(setUserPassword(ada.id, "short", ada.id)).rejects.toMatchObject({ code: "VALIDATION" });
  });

  it("in demo mode, no sign-up becomes admin, even on an empty instance", async () => {
    await db.fresh();
    const first = await withDemo(() => registerUser({ email: "demo-first@example.org", name: "First", passwordHash: HASH }));
    expect(first.role).toBe("contributor");
  });

  it("gives exactly one admin when the first sign-ups arrive at once", async () => {
    // Last in this block: it moves the suite to an empty database.
    await db.fresh();
    const accounts = await Promise.all(
      ["r1", "r2", "r3", "r4"].map((n) => registerUser({ email: `${n}@example.org`, name: n, passwordHash: HASH })),
    );
    expect(accounts.filter((a) => a.role === "admin")).toHaveLength(1);
    expect(accounts.filter((a) => a.role === "contributor")).toHaveLength(3);
  });
});
