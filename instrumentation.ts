/**
 * Next calls register() once when a server process starts: the Node.js server starts its
 * background-job worker here (lib/jobs; PROMPTPOOL_JOBS_WORKER=0 turns it off). Not during
 * `next build`, and not in the edge runtime.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { startJobWorkerOnce } = await import("./lib/jobs");
  startJobWorkerOnce();
}
