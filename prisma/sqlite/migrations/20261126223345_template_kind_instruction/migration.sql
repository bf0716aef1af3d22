-- Written by hand: Prisma's SQLite diff redefines Template (new table, copy, drop, rename), which
-- would drop the triggers that keep TemplateSearchDoc current and the partial unique index
-- Template_datasetId_name_active_key (both added by hand in earlier migrations). SQLite adds a
-- NOT NULL column with a constant default in place.

-- AlterTable
ALTER TABLE "Template" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'prompt';

-- AlterTable
ALTER TABLE "TemplateVersion" ADD COLUMN "instructionJson" TEXT;
