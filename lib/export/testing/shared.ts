import path from "node:path";

/**
 * ../shared (the PromptSource collection and the parity corpus): beside the repository, as CI
 * checks it out, or where PROMPTPOOL_SHARED points (a git worktree sits elsewhere).
 */
export const SHARED = process.env.PROMPTPOOL_SHARED ?? path.resolve(__dirname, "../../../../shared");
export const TEMPLATES_ROOT = path.join(SHARED, "promptsource/templates");
export const PARITY = path.join(SHARED, "parity");
