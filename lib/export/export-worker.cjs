// Entry of an export worker thread (worker-pool.ts). lib/ is TypeScript: it is loaded through
// tsx's require hook (tsx is a runtime dependency, as for the CLI); its CommonJS hook runs in this
// thread, where the ESM loader would start a loader thread of its own (about 50 MB more per worker).
require("tsx/cjs/api").register();
require("./export-worker.ts");
