/** Only same-site paths are followed after sign-in; anything else (//evil.test, https://…) goes home. */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return value;
}
