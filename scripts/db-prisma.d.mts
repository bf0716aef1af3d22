export const CONFIGS: { sqlite: string; postgres: string };
export function runPrisma(
  provider: "sqlite" | "postgres",
  args: string[],
  options?: { env?: NodeJS.ProcessEnv; inherit?: boolean },
): Promise<{ code: number; stdout: string; stderr: string }>;
