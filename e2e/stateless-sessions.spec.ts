/**
 * Sessions are stateless JWTs: two `next start` instances sharing one PostgreSQL database and one
 * NEXTAUTH_SECRET accept each other's session cookie. The test creates a fresh database, migrates and
 * seeds it, runs both instances, signs in on A and uses the cookie on B; then drops the database.
 */
import crypto from "node:crypto";
import pg from "pg";
import { appEnv, prepareDatabase, startApp, stopApp, type AppServer } from "./app-server";
import { DEMO, DEMO_PASSWORD, expect, signIn, test } from "./fixtures";

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PORT_A = Number(process.env.E2E_PORT_A ?? 3101);
const PORT_B = Number(process.env.E2E_PORT_B ?? 3102);
const dbName = `promptpool_e2e_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
const servers: AppServer[] = [];

function databaseUrl(name: string): string {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

test.describe("two instances on one PostgreSQL database", () => {
  test.describe.configure({ timeout: 180_000 });

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
    // One secret for both instances, as in a real multi-instance deployment.
    const env = appEnv({ DATABASE_URL: databaseUrl(dbName), PROMPTPOOL_DEMO: "1" });
    prepareDatabase(env);
    servers.push(...(await Promise.all([startApp(PORT_A, env), startApp(PORT_B, env)])));
  });

  test.afterAll(async () => {
    await Promise.all(servers.map(stopApp));
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
  });

  test("a session cookie from instance A is accepted by instance B", async ({ page, context }) => {
    const a = `http://127.0.0.1:${PORT_A}`;
    const b = `http://127.0.0.1:${PORT_B}`;

    const health = await (await fetch(`${b}/api/health`)).json();
    expect(health.database).toEqual({ ok: true, provider: "postgresql" });

    await page.goto(`${b}/account`);
    await expect(page).toHaveURL(/\/sign-in/);

    await signIn(page, DEMO.contributor, DEMO_PASSWORD, a);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    const cookies = await context.cookies(a);
    const session = cookies.find((c) => c.name === "next-auth.session-token");
    expect(session, "session cookie set by A").toBeTruthy();

    // The browser sends the same cookie to B (cookies are per host, not per port); B has never seen
    // this session and can only accept it by verifying the JWT.
    await page.goto(`${b}/account`);
    await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    await expect(page.getByTestId("account-details")).toContainText(DEMO.contributor);

    // Plain HTTP with the cookie alone, outside the browser, is accepted by B as well.
    const res = await fetch(`${b}/api/auth/session`, { headers: { cookie: `next-auth.session-token=${session!.value}` } });
    const body = await res.json();
    expect(body.user).toMatchObject({ email: DEMO.contributor, role: "contributor" });

    // A tampered token is refused.
    const forged = await fetch(`${b}/api/auth/session`, {
      headers: { cookie: `next-auth.session-token=${session!.value.slice(0, -4)}AAAA` },
    });
    expect(await forged.json()).toEqual({});
  });
});
