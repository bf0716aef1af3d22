// Import of a PromptSource templates tree: zip reading under limits, planning with per-file issues.
// Pure (no database): lib/db/imports.ts writes a plan; the web upload and the CLI both use this.
import { planPromptSourceImport, isTemplatesFile, type ImportPlan } from "./promptsource-tree";
import { readZipFiles, type ZipLimits } from "./zip-entries";

export * from "./promptsource-tree";
export * from "./zip-entries";

/** Plans the import of a zip holding a templates tree (any folder prefix). Throws ImportInputError for a refused upload. */
export function planPromptSourceZip(zip: Uint8Array, limits: ZipLimits): ImportPlan {
  return planPromptSourceImport(readZipFiles(zip, limits, isTemplatesFile));
}
export * from "./read-folder";
