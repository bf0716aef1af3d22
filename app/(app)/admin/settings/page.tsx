import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApprovalsSettingForm } from "@/components/review/approvals-setting-form";
import { can } from "@/lib/auth/policy";
import { requirePageUser } from "@/lib/auth/session";
import { getApprovalsRequired } from "@/lib/db";
import { MAX_APPROVALS_REQUIRED } from "@/lib/review/workflow";
import { saveApprovalsRequired } from "./actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Settings" };

export default async function AdminSettingsPage() {
  const me = await requirePageUser("/admin/settings");
  if (!can(me, "settings.manage")) notFound();
  const value = await getApprovalsRequired();
  return (
    <>
      <div className="page-header">
        <h1>Settings</h1>
        <p className="lead">Instance settings. Every change is recorded in the audit log.</p>
      </div>
      <section className="card">
        <h2>Review</h2>
        <ApprovalsSettingForm value={value} max={MAX_APPROVALS_REQUIRED} save={saveApprovalsRequired} />
      </section>
    </>
  );
}
