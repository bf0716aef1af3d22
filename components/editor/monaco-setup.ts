/**
 * Monaco, self-hosted: the loader gets the locally bundled API entry (never the CDN, which does
 * not answer offline), and Monaco's own worker is a module worker built from the package. Imported
 * only by client-only modules (see code-editor.tsx).
 */
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor/editor/editor.api";
// The API entry is the bare editor; only the contributions the studio uses are added (the whole
// editor.main would add every language and feature, megabytes the page would load for nothing):
// the suggest widget (completion), hovers (field help, lint messages) and Ctrl+M to toggle whether
// Tab leaves the editor. Each one costs page weight (these three: about 0.4 MB of the 2.8 MB chunk).
import "monaco-editor/editor/contrib/suggest/browser/suggestController";
import "monaco-editor/editor/contrib/hover/browser/hoverContribution";
import "monaco-editor/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode";
import { registerJinjaHelp } from "./jinja-help";
import { registerJinjaLanguage } from "./jinja-language";

declare global {
  interface Window {
    MonacoEnvironment?: { getWorker(workerId: string, label: string): Worker };
  }
}

window.MonacoEnvironment = {
  getWorker: () => new Worker(new URL("monaco-editor/editor/editor.worker", import.meta.url), { type: "module" }),
};
loader.config({ monaco });
registerJinjaLanguage(monaco);
registerJinjaHelp(monaco);

export { monaco };
