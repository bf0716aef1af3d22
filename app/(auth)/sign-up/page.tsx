import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionUser } from "@/lib/auth/session";
import { signUp } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (await getSessionUser()) redirect("/account");
  return (
    <div className="auth-panel">
      <div className="card">
        <h1>Create an account</h1>
        <p className="muted">Contributors write templates for the pool; reviewers approve them.</p>
        <SignUpForm signUp={signUp} />
      </div>
    </div>
  );
}
