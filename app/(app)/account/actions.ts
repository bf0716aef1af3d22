"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { newApiTokenSecret } from "@/lib/auth/api-token-secret";
import { forbidden } from "@/lib/errors";
import { apiTokenNameSchema, apiTokenScopeSchema, createApiToken, findUserForSignIn, getUser, revokeApiToken, setUserPassword } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";
import { hashPassword, passwordSchema, verifyPassword } from "@/lib/passwords";

const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(1000),
  newPassword: passwordSchema,
});

export const changePassword = defineAction(
  { action: "account.update", input: changePasswordSchema },
  async ({ user, input }) => {
    const account = await getUser(user.id);
    const withHash = account?.email ? await findUserForSignIn(account.email) : null;
    // Accounts made through GitHub have no password to change; a wrong current password is refused
    // with the same words whatever the reason, like sign-in.
    if (!withHash || !(await verifyPassword(input.currentPassword, withHash.passwordHash))) {
      throw forbidden("The current password is incorrect");
    }
    await setUserPassword(user.id, await hashPassword(input.newPassword), user.id);
    return { changed: true };
  },
);

const createTokenSchema = z.object({ name: apiTokenNameSchema, scope: apiTokenScopeSchema });

/** Makes a personal access token; the secret is in this one response and nowhere else (only its hash is stored). */
export const createPersonalToken = defineAction({ action: "account.update", input: createTokenSchema }, async ({ user, input }) => {
  const secret = newApiTokenSecret();
  const token = await createApiToken({ userId: user.id, name: input.name, scope: input.scope, tokenHash: secret.hash, prefix: secret.prefix });
  revalidatePath("/account");
  return { token, secret: secret.secret };
});

export const revokePersonalToken = defineAction(
  { action: "account.update", input: z.object({ tokenId: z.string().min(1).max(100) }) },
  async ({ user, input }) => {
    const token = await revokeApiToken({ tokenId: input.tokenId, userId: user.id });
    revalidatePath("/account");
    return { token };
  },
);
