/** The result shape of a server action as components see it (they never import lib/http). */
export type ActionResultLike<T = unknown> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };
