-- Full-text search and browsing over templates (lib/db/search.ts, lib/db/stats.ts), written by hand:
-- Prisma's schema language has no virtual tables or triggers, so these tables are not models;
-- prisma.config.ts lists them under tables.external, which keeps `prisma migrate diff` (and
-- prisma/migrations.db.test.ts) from reporting them as drift.
--
-- TemplateSearchDoc: one row per template with what search finds it by (its name, its dataset's
-- name and subset, its LATEST version's jinja and reference) and what search and the helicopter view
-- filter and count by (the template's state, pool version, creator, dataset, dataset task category,
-- and its latest version's metadata). Denormalised on purpose: a search that matches most of 10,000
-- templates then filters and ranks one table instead of joining four per match. Written only by the
-- triggers below. docId is a stable integer key (INTEGER PRIMARY KEY survives VACUUM) for FTS5.
CREATE TABLE "TemplateSearchDoc" (
    "docId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "templateId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "poolVersion" INTEGER,
    "updatedAt" DATETIME NOT NULL,
    "taskCategory" TEXT,
    "originalTask" BOOLEAN,
    "choicesInPrompt" BOOLEAN,
    "languagesJson" TEXT NOT NULL,
    "metricsJson" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "datasetName" TEXT NOT NULL,
    "jinja" TEXT NOT NULL,
    "reference" TEXT NOT NULL
);
CREATE UNIQUE INDEX "TemplateSearchDoc_templateId_key" ON "TemplateSearchDoc"("templateId");
CREATE INDEX "TemplateSearchDoc_updatedAt_idx" ON "TemplateSearchDoc"("updatedAt");
CREATE INDEX "TemplateSearchDoc_datasetId_idx" ON "TemplateSearchDoc"("datasetId");

-- Full-text index: FTS5 over TemplateSearchDoc as external content (the text is stored once, in
-- TemplateSearchDoc; docId is the rowid). unicode61 without stemming: templates mix languages and code.
CREATE VIRTUAL TABLE "TemplateSearchFts" USING fts5(
    "name", "datasetName", "jinja", "reference",
    content = 'TemplateSearchDoc', content_rowid = 'docId',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- The FTS5 index follows TemplateSearchDoc's text (the usual external-content triggers).
CREATE TRIGGER "TemplateSearchDoc_fts_insert" AFTER INSERT ON "TemplateSearchDoc" BEGIN
    INSERT INTO "TemplateSearchFts"(rowid, "name", "datasetName", "jinja", "reference")
    VALUES (NEW."docId", NEW."name", NEW."datasetName", NEW."jinja", NEW."reference");
END;
CREATE TRIGGER "TemplateSearchDoc_fts_delete" AFTER DELETE ON "TemplateSearchDoc" BEGIN
    INSERT INTO "TemplateSearchFts"("TemplateSearchFts", rowid, "name", "datasetName", "jinja", "reference")
    VALUES ('delete', OLD."docId", OLD."name", OLD."datasetName", OLD."jinja", OLD."reference");
END;
CREATE TRIGGER "TemplateSearchDoc_fts_update" AFTER UPDATE ON "TemplateSearchDoc"
WHEN OLD."name" IS NOT NEW."name" OR OLD."datasetName" IS NOT NEW."datasetName" OR OLD."jinja" IS NOT NEW."jinja" OR OLD."reference" IS NOT NEW."reference"
BEGIN
    INSERT INTO "TemplateSearchFts"("TemplateSearchFts", rowid, "name", "datasetName", "jinja", "reference")
    VALUES ('delete', OLD."docId", OLD."name", OLD."datasetName", OLD."jinja", OLD."reference");
    INSERT INTO "TemplateSearchFts"(rowid, "name", "datasetName", "jinja", "reference")
    VALUES (NEW."docId", NEW."name", NEW."datasetName", NEW."jinja", NEW."reference");
END;

-- Existing templates.
INSERT INTO "TemplateSearchDoc" ("templateId", "datasetId", "createdById", "status", "poolVersion", "updatedAt", "taskCategory",
    "originalTask", "choicesInPrompt", "languagesJson", "metricsJson", "name", "datasetName", "jinja", "reference")
SELECT t."id", t."datasetId", t."createdById", t."status", t."poolVersion", t."updatedAt", d."taskCategory",
    v."originalTask", v."choicesInPrompt", coalesce(v."languagesJson", '[]'), coalesce(v."metricsJson", '[]'),
    t."name", d."name" || coalesce(' ' || d."subset", ''), coalesce(v."jinja", ''), coalesce(v."reference", '')
FROM "Template" t
JOIN "Dataset" d ON d."id" = t."datasetId"
LEFT JOIN "TemplateVersion" v ON v."templateId" = t."id" AND v."number" = t."latestVersion";

-- TemplateSearchDoc follows the templates: a new template (its version 1 is inserted just after it),
-- any change to a template (state, name, a new latest version: createVersion inserts the version,
-- then moves latestVersion), a changed dataset, a deleted template. SQLite triggers cannot call a
-- shared routine, so the same upsert appears in each.
CREATE TRIGGER "Template_search_insert" AFTER INSERT ON "Template" BEGIN
    INSERT INTO "TemplateSearchDoc" ("templateId", "datasetId", "createdById", "status", "poolVersion", "updatedAt", "taskCategory",
        "originalTask", "choicesInPrompt", "languagesJson", "metricsJson", "name", "datasetName", "jinja", "reference")
    SELECT t."id", t."datasetId", t."createdById", t."status", t."poolVersion", t."updatedAt", d."taskCategory",
        v."originalTask", v."choicesInPrompt", coalesce(v."languagesJson", '[]'), coalesce(v."metricsJson", '[]'),
        t."name", d."name" || coalesce(' ' || d."subset", ''), coalesce(v."jinja", ''), coalesce(v."reference", '')
    FROM "Template" t
    JOIN "Dataset" d ON d."id" = t."datasetId"
    LEFT JOIN "TemplateVersion" v ON v."templateId" = t."id" AND v."number" = t."latestVersion"
    WHERE t."id" = NEW."id"
    ON CONFLICT ("templateId") DO NOTHING;
END;
CREATE TRIGGER "Template_search_update" AFTER UPDATE ON "Template" BEGIN
    UPDATE "TemplateSearchDoc" SET ("datasetId", "createdById", "status", "poolVersion", "updatedAt", "taskCategory",
        "originalTask", "choicesInPrompt", "languagesJson", "metricsJson", "name", "datasetName", "jinja", "reference") = (
        SELECT t."datasetId", t."createdById", t."status", t."poolVersion", t."updatedAt", d."taskCategory",
            v."originalTask", v."choicesInPrompt", coalesce(v."languagesJson", '[]'), coalesce(v."metricsJson", '[]'),
            t."name", d."name" || coalesce(' ' || d."subset", ''), coalesce(v."jinja", ''), coalesce(v."reference", '')
        FROM "Template" t
        JOIN "Dataset" d ON d."id" = t."datasetId"
        LEFT JOIN "TemplateVersion" v ON v."templateId" = t."id" AND v."number" = t."latestVersion"
        WHERE t."id" = NEW."id")
    WHERE "templateId" = NEW."id";
END;
CREATE TRIGGER "TemplateVersion_search_insert" AFTER INSERT ON "TemplateVersion"
WHEN NEW."number" = (SELECT t."latestVersion" FROM "Template" t WHERE t."id" = NEW."templateId")
BEGIN
    UPDATE "TemplateSearchDoc" SET "originalTask" = NEW."originalTask", "choicesInPrompt" = NEW."choicesInPrompt",
        "languagesJson" = NEW."languagesJson", "metricsJson" = NEW."metricsJson", "jinja" = NEW."jinja", "reference" = NEW."reference"
    WHERE "templateId" = NEW."templateId";
END;
CREATE TRIGGER "Dataset_search_update" AFTER UPDATE OF "name", "subset", "taskCategory" ON "Dataset"
WHEN OLD."name" IS NOT NEW."name" OR OLD."subset" IS NOT NEW."subset" OR OLD."taskCategory" IS NOT NEW."taskCategory"
BEGIN
    UPDATE "TemplateSearchDoc" SET "datasetName" = NEW."name" || coalesce(' ' || NEW."subset", ''), "taskCategory" = NEW."taskCategory"
    WHERE "datasetId" = NEW."id";
END;
CREATE TRIGGER "Template_search_delete" AFTER DELETE ON "Template" BEGIN
    DELETE FROM "TemplateSearchDoc" WHERE "templateId" = OLD."id";
END;
