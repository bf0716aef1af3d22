import { AppError } from "@/lib/errors";
import { can, type Action, type Actor, type Resource } from "./policy";

/** Throws UNAUTHORIZED (anonymous caller) or FORBIDDEN unless the policy allows the action. */
export function authorize(user: Actor | null, action: Action, resource?: Resource): void {
  if (can(user, action, resource)) return;
  if (!user) throw new AppError("UNAUTHORIZED", "Please sign in first");
  throw new AppError("FORBIDDEN", "You are not allowed to do this");
}
