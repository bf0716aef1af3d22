"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ROLES } from "@/lib/auth/policy";
import { authorize } from "@/lib/auth/session";
import { setUserDisabled, setUserRole } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";

const roleSchema = z.object({ userId: z.string().min(1).max(100), role: z.enum(ROLES as [string, ...string[]]) });
const disabledSchema = z.object({ userId: z.string().min(1).max(100), disabled: z.boolean() });

export const changeUserRole = defineAction({ action: "user.manage", input: roleSchema }, async ({ user, input }) => {
  authorize(user, "user.manage", { kind: "user", id: input.userId });
  await setUserRole(input.userId, input.role as (typeof ROLES)[number], user.id);
  revalidatePath("/admin/users");
  return null;
});

export const changeUserDisabled = defineAction({ action: "user.manage", input: disabledSchema }, async ({ user, input }) => {
  authorize(user, "user.manage", { kind: "user", id: input.userId });
  await setUserDisabled(input.userId, input.disabled, user.id);
  revalidatePath("/admin/users");
  return null;
});
