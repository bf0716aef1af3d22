-- AlterTable
ALTER TABLE "Template" ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'prompt';

-- AlterTable
ALTER TABLE "TemplateVersion" ADD COLUMN     "instructionJson" TEXT;

