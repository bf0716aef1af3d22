// Entry of an export worker thread (worker-pool.ts): lib/ is TypeScript, loaded through tsx (a
// runtime dependency, as for the CLI) in this thread as well.
import { tsImport } from "tsx/esm/api";

await tsImport("./export-worker.ts", import.meta.url);
