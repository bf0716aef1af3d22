import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeReturnPath } from "@/components/auth/safe-return";
import { isGitHubEnabled } from "@/lib/auth/options";
import { getSessionUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function SignInPage({ searchParams }: Props) {
  const query = await searchParams;
  const callbackUrl = safeReturnPath(typeof query.callbackUrl === "string" ? query.callbackUrl : "/");
  if (await getSessionUser()) redirect(callbackUrl);
  const error = typeof query.error === "string" ? query.error : null;
  return (
    <div className="auth-panel">
      <div className="card">
        <h1>Sign in</h1>
        {getEnv().PROMPTPOOL_DEMO ? (
          <div className="alert alert-info small">
            <strong>Demo accounts</strong>, password <code>promptpool-demo</code>
            <ul className="demo-accounts">
              <li>
                <code>contributor@promptpool.test</code>
              </li>
              <li>
                <code>reviewer@promptpool.test</code>
              </li>
              <li>
                <code>admin@promptpool.test</code>
              </li>
            </ul>
          </div>
        ) : null}
        <SignInForm callbackUrl={callbackUrl} initialError={error} github={isGitHubEnabled()} />
      </div>
    </div>
  );
}
