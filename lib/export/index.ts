/**
 * lib/export: the offline export engine (PromptSource YAML, P3, xP3, FLAN, Alpaca, chat).
 * Framework-free; the web app and the CLI feed it the same ExportSource. See README.md.
 */
export * from "./types";
export { exportFiles, planTemplates, compareSplits, EXPORT_ENGINE, MANIFEST_PATH, ExportCancelled } from "./engine";
export { zipFiles, type ZipOptions } from "./zip-writer";
export { writeFolder, writeChunks } from "./folder-writer";
export { p3SubsetName, scoreEvalName, promptSourcePath, rowsStem } from "./p3-name";
export { pyJsonDumps, pyJsonString } from "./json-text";
export { NO_LABEL } from "./records";
export { loadTemplateFiles, scanRowsFolder, fileSource, checkRowsFolder, type RowsFolder } from "./file-source";
export { readJsonlRows } from "./rows-file";
export { InputFileError } from "./read-lines";
