import { z } from "zod";
import { mergeFeatures, normalizeFeatures } from "@/lib/datasets/features";
import { formatBytes } from "@/lib/datasets/limits";
import { parseFile } from "@/lib/datasets/parse-file";
import { checkExistingClassLabels, prepareRows } from "@/lib/datasets/prepare-import";
import { importSampleRows } from "@/lib/db";
import { AppError, validationError } from "@/lib/errors";
import { withApi } from "@/lib/http/with-api";
import { importLimits, loadTargetDataset, targetSchema } from "../import-target";

export const dynamic = "force-dynamic";

/**
 * POST /datasets/import/file: one uploaded file into one split, as multipart/form-data with two
 * fields: `options` (JSON: target dataset, split, replace, ClassLabel columns) and `file` (the
 * file). The browser already showed a preview; the server parses the file again with the same code
 * and limits, applies the ClassLabel columns the user chose, and stores everything in one
 * transaction. The body may be the file's size limit plus OPTIONS_ROOM (withApi's JSON body limit
 * does not apply: the file is not JSON).
 *   curl -b cookies -F 'options={"create":{"name":"acme/x"},"split":"train"}' -F file=@rows.csv .../datasets/import/file
 */
const optionsSchema = targetSchema.extend({
  split: z.string().min(1).max(100),
  replace: z.boolean().default(false),
  classLabels: z.record(z.string().max(200), z.array(z.string().max(200)).max(1000)).default({}),
});

/** Room for the options field (ClassLabel names: up to 1,000 of 200 characters) and the multipart framing. */
const OPTIONS_ROOM = 1_000_000;

async function readBody(req: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () => new AppError("PAYLOAD_TOO_LARGE", `The upload is larger than ${formatBytes(max - OPTIONS_ROOM)}, the most one file may be`);
  if (Number(req.headers.get("content-length") ?? 0) > max) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks) as Uint8Array<ArrayBuffer>;
}

async function readForm(req: Request, maxFileBytes: number): Promise<{ options: z.output<typeof optionsSchema>; fileName: string; bytes: Uint8Array }> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) throw validationError("Send the file as multipart/form-data with the fields options and file");
  const body = await readBody(req, maxFileBytes + OPTIONS_ROOM);
  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": type } }).formData();
  } catch {
    throw validationError("The upload is not readable multipart/form-data");
  }
  const file = form.get("file");
  if (!(file instanceof Blob)) throw validationError("The upload has no file");
  let raw: unknown;
  try {
    raw = JSON.parse(String(form.get("options") ?? "{}"));
  } catch {
    throw validationError("The options field is not JSON");
  }
  const options = optionsSchema.safeParse(raw);
  if (!options.success) throw validationError(options.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; "));
  const fileName = (file instanceof File && file.name) || "upload";
  if (fileName.length > 300) throw validationError("The file name is longer than 300 characters");
  return { options: options.data, fileName, bytes: new Uint8Array(await file.arrayBuffer()) };
}

export const POST = withApi({ action: "dataset.create" }, async ({ req, user }) => {
  const limits = importLimits();
  const { options, fileName, bytes } = await readForm(req, limits.maxBytes);
  const existing = options.datasetId ? await loadTargetDataset(user!, options.datasetId) : null;
  const parsed = await parseFile({ fileName, bytes, limits });
  const prepared = prepareRows(parsed, options.classLabels);
  if (existing) {
    // Integers arriving in a column the dataset already calls a ClassLabel must fit its names.
    const merged = mergeFeatures(normalizeFeatures(existing.features), prepared.features, fileName);
    checkExistingClassLabels(merged, prepared.features, parsed);
  }
  return importSampleRows({
    datasetId: existing?.id ?? null,
    create: existing ? null : { name: options.create?.name ?? "", subset: options.create?.subset ?? null, description: options.create?.description ?? "" },
    splits: [{ split: options.split, rows: prepared.rows, replace: options.replace }],
    features: prepared.features,
    source: "upload",
    actorId: user!.id,
  });
});
