import type { Role } from "./policy";

/** Who is signed in, as the JWT carries it (refreshed from the database on every read). */
export interface SessionUser {
  id: string;
  role: Role;
  name: string | null;
  email: string | null;
}
