/**
 * Extra app instances for specs that need their own configuration (another database, another
 * secret, GitHub configured, ...): `next start` on the production build, bound to 127.0.0.1.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..");

export interface AppServer {
  url: string;
  child: ChildProcess;
  logs: string[];
}

export function appEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_SECRET: crypto.randomBytes(32).toString("base64url"),
    ...extra,
  };
  delete env.GITHUB_ID;
  delete env.GITHUB_SECRET;
  return { ...env, ...extra };
}

/** `npm run db:migrate` and `npm run db:seed` for the DATABASE_URL in env. */
export function prepareDatabase(env: NodeJS.ProcessEnv): void {
  for (const script of ["db:migrate", "db:seed"]) {
    const r = spawnSync("npm", ["run", "--silent", script], { cwd: ROOT, env, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`npm run ${script} failed:\n${r.stderr}\n${r.stdout}`);
  }
}

/** Starts an instance and resolves once /api/health answers (any status). */
export async function startApp(port: number, env: NodeJS.ProcessEnv): Promise<AppServer> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [path.join(ROOT, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    { cwd: ROOT, env: { ...env, NEXTAUTH_URL: url, PORT: String(port) }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const logs: string[] = [];
  child.stdout?.on("data", (d) => logs.push(String(d)));
  child.stderr?.on("data", (d) => logs.push(String(d)));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`instance on ${port} exited:\n${logs.join("").slice(-2000)}`);
    try {
      await fetch(`${url}/api/health`);
      return { url, child, logs };
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  child.kill("SIGTERM");
  throw new Error(`instance on ${port} did not answer within 60 s`);
}

export async function stopApp(server: AppServer | null | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once("exit", r));
  server.child.kill("SIGTERM");
  await exited;
}
