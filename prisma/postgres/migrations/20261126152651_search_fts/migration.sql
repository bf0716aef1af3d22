-- Full-text search and browsing over templates (lib/db/search.ts, lib/db/stats.ts), written by hand:
-- Prisma's schema language has no tsvector columns, GIN indexes on them or triggers, so this table
-- is not a model; prisma/postgres.config.ts lists it under tables.external, which keeps
-- `prisma migrate diff` (and prisma/migrations.db.test.ts) from reporting it as drift.
--
-- TemplateSearchDoc: one row per template with what search finds it by (its name, its dataset's
-- name and subset, its LATEST version's jinja and reference) and what search and the helicopter view
-- filter and count by (the template's state, pool version, creator, dataset, dataset task category,
-- and its latest version's metadata). Denormalised on purpose: a search that matches most of 10,000
-- templates then filters and ranks one table instead of joining four per match. Written only by the
-- triggers below.
-- searchVector is stored (ranking reads it instead of re-parsing every matching document) and
-- weighted by field: name A, dataset B, reference C, jinja D. The 'simple' configuration does not
-- stem: templates mix languages and code (SQLite's FTS5 table uses unicode61, also without stemming).
CREATE TABLE "TemplateSearchDoc" (
    "docId" SERIAL NOT NULL PRIMARY KEY,
    "templateId" TEXT NOT NULL,
    "datasetId" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "poolVersion" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "taskCategory" TEXT,
    "originalTask" BOOLEAN,
    "choicesInPrompt" BOOLEAN,
    "languagesJson" TEXT NOT NULL,
    "metricsJson" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "datasetName" TEXT NOT NULL,
    "jinja" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "searchVector" tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', "name"), 'A') ||
        setweight(to_tsvector('simple', "datasetName"), 'B') ||
        setweight(to_tsvector('simple', "reference"), 'C') ||
        setweight(to_tsvector('simple', "jinja"), 'D')
    ) STORED
);
CREATE UNIQUE INDEX "TemplateSearchDoc_templateId_key" ON "TemplateSearchDoc"("templateId");
CREATE INDEX "TemplateSearchDoc_updatedAt_idx" ON "TemplateSearchDoc"("updatedAt");
CREATE INDEX "TemplateSearchDoc_datasetId_idx" ON "TemplateSearchDoc"("datasetId");
CREATE INDEX "TemplateSearchDoc_searchVector_idx" ON "TemplateSearchDoc" USING GIN ("searchVector");

-- Writes the documents of one template (template_id) or of all templates of a dataset (dataset_id).
CREATE FUNCTION "template_search_refresh"(template_id TEXT, dataset_id TEXT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO "TemplateSearchDoc" ("templateId", "datasetId", "createdById", "status", "poolVersion", "updatedAt", "taskCategory",
        "originalTask", "choicesInPrompt", "languagesJson", "metricsJson", "name", "datasetName", "jinja", "reference")
    SELECT t."id", t."datasetId", t."createdById", t."status", t."poolVersion", t."updatedAt", d."taskCategory",
        v."originalTask", v."choicesInPrompt", coalesce(v."languagesJson", '[]'), coalesce(v."metricsJson", '[]'),
        t."name", d."name" || coalesce(' ' || d."subset", ''), coalesce(v."jinja", ''), coalesce(v."reference", '')
    FROM "Template" t
    JOIN "Dataset" d ON d."id" = t."datasetId"
    LEFT JOIN "TemplateVersion" v ON v."templateId" = t."id" AND v."number" = t."latestVersion"
    WHERE (template_id IS NULL OR t."id" = template_id) AND (dataset_id IS NULL OR t."datasetId" = dataset_id)
    ON CONFLICT ("templateId") DO UPDATE SET
        "datasetId" = EXCLUDED."datasetId", "createdById" = EXCLUDED."createdById", "status" = EXCLUDED."status",
        "poolVersion" = EXCLUDED."poolVersion", "updatedAt" = EXCLUDED."updatedAt", "taskCategory" = EXCLUDED."taskCategory",
        "originalTask" = EXCLUDED."originalTask", "choicesInPrompt" = EXCLUDED."choicesInPrompt",
        "languagesJson" = EXCLUDED."languagesJson", "metricsJson" = EXCLUDED."metricsJson", "name" = EXCLUDED."name",
        "datasetName" = EXCLUDED."datasetName", "jinja" = EXCLUDED."jinja", "reference" = EXCLUDED."reference";
$$;

-- Existing templates.
SELECT "template_search_refresh"(NULL, NULL);

-- TemplateSearchDoc follows the templates: a new template (its version 1 is inserted just after it),
-- any change to a template (state, name, a new latest version: createVersion inserts the version,
-- then moves latestVersion), a changed dataset, a deleted template.
CREATE FUNCTION "Template_search_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM "TemplateSearchDoc" WHERE "templateId" = OLD."id";
        RETURN OLD;
    END IF;
    PERFORM "template_search_refresh"(NEW."id", NULL);
    RETURN NEW;
END;
$$;
CREATE TRIGGER "Template_search_insert" AFTER INSERT ON "Template"
    FOR EACH ROW EXECUTE FUNCTION "Template_search_trigger"();
CREATE TRIGGER "Template_search_update" AFTER UPDATE ON "Template"
    FOR EACH ROW EXECUTE FUNCTION "Template_search_trigger"();
CREATE TRIGGER "Template_search_delete" AFTER DELETE ON "Template"
    FOR EACH ROW EXECUTE FUNCTION "Template_search_trigger"();

CREATE FUNCTION "TemplateVersion_search_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW."number" = (SELECT t."latestVersion" FROM "Template" t WHERE t."id" = NEW."templateId") THEN
        PERFORM "template_search_refresh"(NEW."templateId", NULL);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER "TemplateVersion_search_insert" AFTER INSERT ON "TemplateVersion"
    FOR EACH ROW EXECUTE FUNCTION "TemplateVersion_search_trigger"();

CREATE FUNCTION "Dataset_search_trigger"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM "template_search_refresh"(NULL, NEW."id");
    RETURN NEW;
END;
$$;
CREATE TRIGGER "Dataset_search_update" AFTER UPDATE OF "name", "subset", "taskCategory" ON "Dataset"
    FOR EACH ROW
    WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."subset" IS DISTINCT FROM NEW."subset" OR OLD."taskCategory" IS DISTINCT FROM NEW."taskCategory")
    EXECUTE FUNCTION "Dataset_search_trigger"();
