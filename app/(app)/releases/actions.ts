"use server";

import { revalidatePath } from "next/cache";
import { publishRelease, publishReleaseSchema } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";

export const publishReleaseAction = defineAction({ action: "release.publish", input: publishReleaseSchema }, async ({ user, input }) => {
  const release = await publishRelease(input, user.id);
  revalidatePath("/releases");
  return { name: release.name, templateCount: release.templateCount };
});
