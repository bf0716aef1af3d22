"use server";

import { z } from "zod";
import { forbidden } from "@/lib/errors";
import { findUserForSignIn, getUser, setUserPassword } from "@/lib/db";
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
