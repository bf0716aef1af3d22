/**
 * The CLI's database commands: `import promptsource`, `user create`, `export --release`, `mix --release`.
 * They use lib/db, whose modules are marked "server-only" (a package that only resolves under the
 * react-server condition), so they run in a child Node with `--conditions=react-server`, as
 * `npm run db:seed` does. DATABASE_URL (or the default data/promptpool.db) picks the database.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const DB_COMMANDS = ["import", "user"] as const;

export const DB_USAGE = `  promptpool import promptsource <templates dir or .zip>
      Imports a PromptSource templates tree into the app's database (DATABASE_URL): datasets,
      templates with their ids, approved version 1. Prints every problem with file and line;
      re-importing the same tree changes nothing. Exit 1 when a file had errors.
  promptpool user create --email <email> --role contributor|reviewer|admin [--name <name>]
      Creates an account (e.g. the first admin of a fresh deployment); the password is read from
      the first line of standard input.
  promptpool export --release <name> --format <format> --out <file.zip or dir>
      Exports a published release from the app's database, byte-identical every time.
  promptpool mix --release <name> --out <file.jsonl> [mix options]
      Builds an instruction-tuning mixture of a published release (promptpool mix --help).`;

const here = path.dirname(fileURLToPath(import.meta.url));

export function runDbCommand(argv: string[]): number {
  const child = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", path.join(here, "db-main.ts"), ...argv], {
    stdio: "inherit",
    cwd: process.cwd(),
    env: process.env,
  });
  if (child.error) {
    process.stderr.write(`promptpool: ${child.error.message}\n`);
    return 1;
  }
  return child.status ?? 1;
}
