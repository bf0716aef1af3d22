import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ImportForm } from "@/components/export/import-form";
import { can } from "@/lib/auth/policy";
import { requirePageUser } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Import PromptSource templates" };

export default async function ImportPage() {
  const me = await requirePageUser("/admin/import");
  if (!can(me, "pool.import")) notFound();
  return (
    <>
      <div className="page-header">
        <h1>Import PromptSource templates</h1>
        <p className="lead">
          Upload a zip of a PromptSource <code>templates/</code> tree. Each <code>templates.yaml</code> creates its dataset (by dataset and subset) and its
          templates with their ids, as approved version 1 in the pool: PromptSource&apos;s collection is a reviewed pool. Files that cannot be read are
          reported with their line and skipped; the rest is imported, one file at a time. Importing the same tree again changes nothing.
        </p>
      </div>
      <ImportForm maxBytes={getEnv().PROMPTPOOL_IMPORT_MAX_UPLOAD_BYTES} />
    </>
  );
}
