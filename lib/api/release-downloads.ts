/**
 * A release's download links as the API lists them: one zip per export format, streamed by
 * GET /api/exports (public, the same bytes every time). Relative URLs: the API does not know the
 * origin a proxy exposes it under.
 */
import { EXPORT_FORMATS, type ExportFormat } from "../export/types";

export interface ReleaseDownload {
  format: ExportFormat;
  url: string;
  fileName: string;
}

export function releaseDownloads(releaseName: string): ReleaseDownload[] {
  return EXPORT_FORMATS.map((format) => ({
    format,
    url: `/api/exports?${new URLSearchParams({ format, release: releaseName })}`,
    fileName: `promptpool-${releaseName}-${format}.zip`,
  }));
}

export function withDownloads<R extends { name: string }>(release: R): R & { downloads: ReleaseDownload[] } {
  return { ...release, downloads: releaseDownloads(release.name) };
}
