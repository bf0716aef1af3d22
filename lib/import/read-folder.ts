// Reads the templates.yaml files below a folder (the CLI's `import promptsource <dir>`), under the
// same size cap as a zip upload. Node-only; symbolic links are not followed (a tree from elsewhere
// must not pull in files outside it).
import { lstat, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { isTemplatesFile } from "./promptsource-tree";
import { formatBytes, ImportInputError, type ArchiveFile, type ZipLimits } from "./zip-entries";

export async function readTemplatesFolder(root: string, limits: ZipLimits): Promise<ArchiveFile[]> {
  const out: ArchiveFile[] = [];
  let total = 0;
  let entries = 0;
  async function walk(dir: string): Promise<void> {
    const items = await readdir(dir, { withFileTypes: true });
    items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const item of items) {
      if (++entries > limits.maxEntries) throw new ImportInputError("TOO_MANY_ENTRIES", `The folder has more than ${limits.maxEntries} entries`);
      const full = path.join(dir, item.name);
      if (item.isDirectory()) await walk(full);
      else if (item.isFile()) {
        const rel = path.relative(root, full).split(path.sep).join("/");
        if (!isTemplatesFile(rel)) continue;
        total += (await lstat(full)).size;
        if (total > limits.maxTotalBytes) throw new ImportInputError("TOO_LARGE", `The templates.yaml files add up to more than ${formatBytes(limits.maxTotalBytes)}`);
        out.push({ path: rel, bytes: new Uint8Array(await readFile(full)) });
      }
    }
  }
  await walk(root);
  return out;
}
