import "server-only";
import { z } from "zod";
import { conflict, notFound, validationError } from "../errors";
import { getEnv } from "../env";
import { getDb, getDbProvider, inTransaction, isUniqueViolation, type Tx } from "./client";
import { recordAudit } from "./audit";
import { parseOrThrow } from "./validate";

export const ROLES = ["contributor", "reviewer", "admin"] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export interface UserDTO {
  id: string;
  email: string | null;
  name: string | null;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address").max(254));

const registerSchema = z.object({
  email: emailSchema,
  name: z.string().trim().min(1, "Enter a name").max(100),
  passwordHash: z.string().min(20),
});

interface UserRow {
  id: string;
  email: string | null;
  name: string | null;
  role: string;
  disabled: boolean;
  createdAt: Date;
}

export function toUserDTO(row: UserRow): UserDTO {
  const role = roleSchema.safeParse(row.role);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    // An unknown role in the database grants the least.
    role: role.success ? role.data : "contributor",
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
  };
}


/** Role for a new account: admin when the instance has no active admin yet, except in demo mode. */
// Any constant works; it only has to be the same for every instance sharing the database.
const ACCOUNT_ROLE_LOCK = 727_001;

async function roleForNewAccount(tx: Tx): Promise<Role> {
  if (getEnv().PROMPTPOOL_DEMO) return "contributor";
  // Two first sign-ups at once must not both count zero admins. SQLite transactions are already
  // serialized by our client; PostgreSQL's read-committed ones are not, so take a transaction-scoped lock.
  if (getDbProvider() === "postgresql") {
    await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(${ACCOUNT_ROLE_LOCK})) AS l`);
  }
  const admins = await tx.user.count({ where: { role: "admin", disabled: false } });
  return admins === 0 ? "admin" : "contributor";
}

/**
 * Creates an email + password account. The first account on an instance without an active admin
 * (and not in demo mode) becomes admin; later ones are contributors. Duplicate email -> CONFLICT.
 */
export async function registerUser(input: { email: string; name: string; passwordHash: string }): Promise<UserDTO> {
  const i = parseOrThrow(registerSchema, input);
  try {
    return await inTransaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: i.email }, select: { id: true } })) {
        throw conflict("An account with this email already exists");
      }
      const role = await roleForNewAccount(tx);
      const user = await tx.user.create({ data: { email: i.email, name: i.name, passwordHash: i.passwordHash, role } });
      await recordAudit(
        { actorId: user.id, action: "user.register", subjectType: "user", subjectId: user.id, details: { role } },
        tx,
      );
      return toUserDTO(user);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An account with this email already exists");
    throw error;
  }
}

/** Creates an account with a given role (seed, admin tools, CLI). Duplicate email -> CONFLICT. */
export async function createUser(
  input: { email: string; name: string; passwordHash: string | null; role: Role },
  actorId: string | null,
): Promise<UserDTO> {
  const i = parseOrThrow(
    z.object({ email: emailSchema, name: z.string().trim().min(1).max(100), passwordHash: z.string().min(20).nullable(), role: roleSchema }),
    input,
  );
  try {
    return await inTransaction(async (tx) => {
      const user = await tx.user.create({ data: i });
      await recordAudit(
        { actorId, action: "user.create", subjectType: "user", subjectId: user.id, details: { role: i.role } },
        tx,
      );
      return toUserDTO(user);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict("An account with this email already exists");
    throw error;
  }
}

/** For the credentials provider: the user and password hash, or null. Email is matched case-insensitively. */
export async function findUserForSignIn(email: string): Promise<(UserDTO & { passwordHash: string | null }) | null> {
  const parsed = emailSchema.safeParse(email);
  if (!parsed.success) return null;
  const user = await getDb().user.findUnique({ where: { email: parsed.data } });
  return user ? { ...toUserDTO(user), passwordHash: user.passwordHash } : null;
}

export async function getUser(id: string): Promise<UserDTO | null> {
  const user = await getDb().user.findUnique({ where: { id } });
  return user ? toUserDTO(user) : null;
}

export async function listUsers(): Promise<UserDTO[]> {
  const users = await getDb().user.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return users.map(toUserDTO);
}

async function assertAnotherActiveAdmin(tx: Tx, userId: string): Promise<void> {
  const others = await tx.user.count({ where: { role: "admin", disabled: false, id: { not: userId } } });
  if (others === 0) throw conflict("This is the last active admin; make someone else admin first");
}

export async function setUserRole(id: string, role: Role, actorId: string): Promise<UserDTO> {
  const r = parseOrThrow(roleSchema, role);
  return inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw notFound("User");
    if (user.role === r) return toUserDTO(user);
    if (user.role === "admin" && !user.disabled) await assertAnotherActiveAdmin(tx, id);
    const updated = await tx.user.update({ where: { id }, data: { role: r } });
    await recordAudit(
      { actorId, action: "user.role", subjectType: "user", subjectId: id, details: { from: user.role, to: r } },
      tx,
    );
    return toUserDTO(updated);
  });
}

export async function setUserDisabled(id: string, disabled: boolean, actorId: string): Promise<UserDTO> {
  if (typeof disabled !== "boolean") throw validationError("disabled must be true or false");
  return inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id } });
    if (!user) throw notFound("User");
    if (user.disabled === disabled) return toUserDTO(user);
    if (disabled && user.role === "admin") await assertAnotherActiveAdmin(tx, id);
    const updated = await tx.user.update({ where: { id }, data: { disabled } });
    await recordAudit(
      { actorId, action: disabled ? "user.disable" : "user.enable", subjectType: "user", subjectId: id },
      tx,
    );
    return toUserDTO(updated);
  });
}

/**
 * Replaces an account's password hash. The caller has already checked the current password;
 * the audit event records that it changed, never the hash.
 */
export async function setUserPassword(id: string, passwordHash: string, actorId: string): Promise<UserDTO> {
  const hash = parseOrThrow(z.string().min(20, "passwordHash must be a password hash"), passwordHash);
  return inTransaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id }, select: { id: true } });
    if (!user) throw notFound("User");
    const updated = await tx.user.update({ where: { id }, data: { passwordHash: hash } });
    await recordAudit({ actorId, action: "user.password", subjectType: "user", subjectId: id }, tx);
    return toUserDTO(updated);
  });
}
