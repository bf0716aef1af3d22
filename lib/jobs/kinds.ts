import "server-only";
/**
 * Every job kind of the app, registered once per process. Importing lib/jobs (index.ts) loads
 * this, so the routes that enqueue and the worker that runs know the same kinds.
 * To add a kind: write its JobKindDefinition next to its feature and register it here.
 */
import { registerJobHandler } from "./registry";
import { exportJobKind } from "./export-job";
import { mixtureJobKind } from "./mixture-job";

registerJobHandler("export", exportJobKind);
registerJobHandler("mixture", mixtureJobKind);
