/**
 * Sessions are stateless JWTs: two `next start` instances sharing one PostgreSQL database and one
 * NEXTAUTH_SECRET accept each other's session cookie. The test creates a fresh database, migrates and
 * seeds it, runs both instances, signs in on A and uses the cookie on B; then drops the database.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import pg from "pg";
import { DEMO, DEMO_PASSWORD, expect, signIn, test } from "./fixtures";

const ROOT = path.resolve(__dirname, "..");
const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PORT_A = Number(process.env.E2E_PORT_A ?? 3101);
const PORT_B = Number(process.env.E2E_PORT_B ?? 3102);
const dbName = `promptpool_e2e_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
const servers: ChildProcess[] = [];
const serverLogs: string[] = [];

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

async function waitForHealth(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`instance on ${port} exited: ${serverLogs.join("").slice(-2000)}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`instance on ${port} did not become healthy`);
}

test.describe("two instances on one PostgreSQL database", () => {
  test.describe.configure({ timeout: 180_000 });

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
    const env = {
      ...process.env,
      NODE_ENV: "production" as const,
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl(dbName),
      PROMPTPOOL_DEMO: "1",
      NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    };
    for (const script of ["db:migrate", "db:seed"]) {
      const r = spawnSync("npm", ["run", "--silent", script], { cwd: ROOT, env, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`npm run ${script} failed on PostgreSQL:\n${r.stderr}\n${r.stdout}`);
    }
    for (const port of [PORT_A, PORT_B]) {
      const child = spawn(
        process.execPath,
        [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
        { cwd: ROOT, env: { ...env, NEXTAUTH_URL: `http://127.0.0.1:${port}`, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] },
      );
      child.stdout?.on("data", (d) => serverLogs.push(String(d)));
      child.stderr?.on("data", (d) => serverLogs.push(String(d)));
      servers.push(child);
    }
    await Promise.all(servers.map((child, i) => waitForHealth(i === 0 ? PORT_A : PORT_B, child)));
  });

  test.afterAll(async () => {
    await Promise.all(
      servers.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          }),
      ),
    );
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
