"use server";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { markNotificationsRead } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";

/** Marks the signed-in user's notifications read (the given ones, or all); nobody else's can be touched. */
export const markRead = defineAction(
  { action: "notification.read", input: z.object({ ids: z.array(z.string().min(1).max(100)).max(500).optional() }) },
  async ({ user, input }) => {
    const count = await markNotificationsRead(user.id, input.ids);
    revalidatePath("/", "layout");
    return { count };
  },
);
