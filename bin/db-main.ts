// Runs one database command (see db-commands.ts); started with --conditions=react-server.
import { readFile, stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { getEnv } from "../lib/env";
import { ConfigError, isAppError } from "../lib/errors";
import { hashPassword, passwordSchema } from "../lib/passwords";
import { ImportInputError, planPromptSourceImport, planPromptSourceZip, readTemplatesFolder } from "../lib/import";
import { createUser, findUserForSignIn, roleSchema } from "../lib/db/users";
import { importPromptSourcePlan } from "../lib/db/imports";
import { openDbExport } from "../lib/db/export-source";
import { describeDatabaseError, disconnectDb } from "../lib/db/client";
import { EXPORT_FORMATS, exportFiles, writeChunks, writeFolder, zipFiles, type ExportFormat } from "../lib/export";
import { prepareReleaseMixture } from "../lib/db/mixtures";
import { runMixCommand } from "./mix-command";

const EXIT_OK = 0;
const EXIT_INPUT = 1;
const EXIT_USAGE = 2;

function fail(message: string, code = EXIT_INPUT): number {
  process.stderr.write(`promptpool: ${message}\n`);
  return code;
}

async function importPromptSource(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [kind, source] = positionals;
  if (kind !== "promptsource" || !source || positionals.length > 2) return fail("usage: promptpool import promptsource <templates dir or .zip>", EXIT_USAGE);
  const env = getEnv();
  const limits = { maxEntries: env.PROMPTPOOL_IMPORT_MAX_ENTRIES, maxTotalBytes: env.PROMPTPOOL_IMPORT_MAX_UNZIPPED_BYTES };
  let info;
  try {
    info = await stat(source);
  } catch {
    return fail(`cannot read ${source}`);
  }
  let plan;
  try {
    if (info.isDirectory()) plan = planPromptSourceImport(await readTemplatesFolder(source, limits));
    else {
      if (info.size > env.PROMPTPOOL_IMPORT_MAX_UPLOAD_BYTES) return fail(`${source} is larger than PROMPTPOOL_IMPORT_MAX_UPLOAD_BYTES (${env.PROMPTPOOL_IMPORT_MAX_UPLOAD_BYTES} bytes)`);
      plan = planPromptSourceZip(new Uint8Array(await readFile(source)), limits);
    }
  } catch (e) {
    if (e instanceof ImportInputError) return fail(`${source}: ${e.message}`);
    throw e;
  }
  if (plan.filesSeen === 0) return fail(`no templates.yaml files in ${source}`);
  const admin = await findImportActor();
  if (!admin) return fail("the database has no active admin; create one first: promptpool user create --email ... --role admin");
  const started = Date.now();
  const report = await importPromptSourcePlan(plan, admin);
  for (const i of report.issues) process.stderr.write(`${i.file}${i.line ? `:${i.line}` : ""}: ${i.severity}: ${i.message}\n`);
  process.stdout.write(
    `imported ${report.templatesCreated} templates (${report.templatesUnchanged} already there, ${report.templatesSkipped} skipped) from ${report.filesImported} of ${report.filesSeen} files; ${report.datasetsCreated} datasets created; ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return report.issues.some((i) => i.severity === "error") ? EXIT_INPUT : EXIT_OK;
}

/** Imports are recorded as done by the first active admin (the CLI has no session). */
async function findImportActor(): Promise<string | null> {
  const { getDb } = await import("../lib/db/client");
  const admin = await getDb().user.findFirst({ where: { role: "admin", disabled: false }, orderBy: { createdAt: "asc" }, select: { id: true } });
  return admin?.id ?? null;
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    if (Buffer.concat(chunks).includes(10)) break;
  }
  return Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0];
}

async function userCreate(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } }, strict: true }));
  } catch (e) {
    return fail((e as Error).message, EXIT_USAGE);
  }
  if (!values.email) return fail("missing --email", EXIT_USAGE);
  const role = roleSchema.safeParse(values.role ?? "contributor");
  if (!role.success) return fail("--role must be contributor, reviewer or admin", EXIT_USAGE);
  if (process.stdin.isTTY) process.stderr.write("Password (one line): ");
  const password = passwordSchema.safeParse(await readStdinLine());
  if (!password.success) return fail(`password: ${password.error.issues[0].message}`);
  if (await findUserForSignIn(values.email)) return fail(`an account with the email ${values.email} already exists`);
  const user = await createUser({ email: values.email, name: values.name ?? values.email.split("@")[0], passwordHash: await hashPassword(password.data), role: role.data }, null);
  process.stdout.write(`created ${user.role} ${user.email} (${user.id})\n`);
  return EXIT_OK;
}

async function exportRelease(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { release: { type: "string" }, format: { type: "string" }, out: { type: "string" } }, strict: true }));
  } catch (e) {
    return fail((e as Error).message, EXIT_USAGE);
  }
  if (!values.release) return fail("missing --release <name>", EXIT_USAGE);
  if (!values.out) return fail("missing --out <file.zip or dir>", EXIT_USAGE);
  const format = (values.format ?? "p3") as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) return fail(`--format must be one of ${EXPORT_FORMATS.join(", ")}`, EXIT_USAGE);
  const e = await openDbExport(values.release);
  const started = Date.now();
  let records = 0;
  // writeChunks and writeFolder write each chunk before they ask for the next: the export may reuse its memory
  const files = exportFiles(e.source, { format, seedBase: e.seedBase, release: e.release, reuseChunks: true, onProgress: (p) => (records = p.records) });
  const bytes = values.out.endsWith(".zip") ? await writeChunks(zipFiles(files), values.out) : (await writeFolder(files, values.out)).bytes;
  process.stdout.write(`exported release ${e.release} as ${format}: ${e.templates} templates, ${records} records, ${bytes} bytes to ${values.out} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return EXIT_OK;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === "import") return await importPromptSource(rest);
    if (command === "user" && rest[0] === "create") return await userCreate(rest.slice(1));
    if (command === "export") return await exportRelease(rest);
    // Refusals (unknown release, impossible parameters) are reported by the mix command itself.
    if (command === "mix") return await runMixCommand(rest, undefined, async (request, shard) => prepareReleaseMixture(request, { shard }));
    return fail(`unknown command '${[command, rest[0]].filter(Boolean).join(" ")}'`, EXIT_USAGE);
  } catch (e) {
    if (e instanceof ConfigError) return fail(e.message, EXIT_USAGE);
    if (isAppError(e)) return fail(e.message);
    return fail(describeDatabaseError(e));
  } finally {
    await disconnectDb();
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
