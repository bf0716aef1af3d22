"use server";

import { z } from "zod";
import { registerUser } from "@/lib/db";
import { defineAction } from "@/lib/http/action-client";
import { hashPassword, passwordSchema } from "@/lib/passwords";

const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "At most 100 characters"),
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(320),
  password: passwordSchema,
});

export const signUp = defineAction({ auth: "public", action: "account.register", input: signUpSchema }, async ({ input }) => {
  const user = await registerUser({ email: input.email, name: input.name, passwordHash: await hashPassword(input.password) });
  return { id: user.id, role: user.role };
});
