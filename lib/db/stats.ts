import "server-only";
import { getDb } from "./client";

export interface PoolStats {
  datasets: number;
  /** templates that are not archived */
  templates: number;
  approvedTemplates: number;
  sampleRows: number;
  /** people who have written at least one template version */
  contributors: number;
}

export async function getPoolStats(): Promise<PoolStats> {
  const db = getDb();
  const [datasets, templates, approvedTemplates, sampleRows, authors] = await Promise.all([
    db.dataset.count(),
    db.template.count({ where: { status: { not: "archived" } } }),
    // A pooled template stays in the pool while a newer version of it is in review.
    db.template.count({ where: { poolVersion: { not: null }, status: { not: "archived" } } }),
    db.sampleRow.count(),
    db.templateVersion.groupBy({ by: ["authorId"] }),
  ]);
  return { datasets, templates, approvedTemplates, sampleRows, contributors: authors.length };
}
