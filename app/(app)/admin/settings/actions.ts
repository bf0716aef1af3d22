"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { approvalsRequiredSchema, setApprovalsRequired } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";

export const saveApprovalsRequired = defineAction(
  { action: "settings.manage", input: z.object({ approvalsRequired: approvalsRequiredSchema }) },
  async ({ user, input }) => {
    const n = await setApprovalsRequired(input.approvalsRequired, user.id);
    revalidatePath("/admin/settings");
    return { approvalsRequired: n };
  },
);
