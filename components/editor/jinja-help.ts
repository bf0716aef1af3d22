import type * as Monaco from "monaco-editor/editor/editor.api";
import { completionsAt, hoverAt, type CompletionKind, type FieldInfo } from "@/lib/templates/lint-fields";

/**
 * Completion and hover for the "jinja" language. Monaco registers providers per language, not per
 * editor, so each editor tells which dataset fields belong to its model (setModelFields); the
 * providers look them up by the model's URI.
 */
const fieldsByModel = new Map<string, readonly FieldInfo[]>();
let registered = false;

export function setModelFields(model: Monaco.editor.ITextModel, fields: readonly FieldInfo[]): void {
  fieldsByModel.set(model.uri.toString(), fields);
  model.onWillDispose(() => fieldsByModel.delete(model.uri.toString()));
}

export function registerJinjaHelp(monaco: typeof Monaco): void {
  if (registered) return;
  registered = true;
  const kinds: Record<CompletionKind, Monaco.languages.CompletionItemKind> = {
    field: monaco.languages.CompletionItemKind.Field,
    filter: monaco.languages.CompletionItemKind.Function,
    test: monaco.languages.CompletionItemKind.Operator,
    global: monaco.languages.CompletionItemKind.Function,
    variable: monaco.languages.CompletionItemKind.Variable,
  };
  monaco.languages.registerCompletionItemProvider("jinja", {
    triggerCharacters: [".", "|", " ", "{"],
    provideCompletionItems(model, position) {
      const fields = fieldsByModel.get(model.uri.toString()) ?? [];
      const before = model.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: position.column });
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      const items = completionsAt(before, fields);
      return {
        suggestions: items.map((item, i) => ({
          label: item.label,
          kind: kinds[item.kind],
          detail: item.detail,
          documentation: item.documentation,
          insertText: item.label,
          // Fields first, in the dataset's order; then the rest alphabetically.
          sortText: item.kind === "field" ? `0${String(i).padStart(4, "0")}` : `1${item.label}`,
          range,
        })),
      };
    },
  });
  monaco.languages.registerHoverProvider("jinja", {
    provideHover(model, position) {
      const fields = fieldsByModel.get(model.uri.toString()) ?? [];
      const before = model.getValueInRange({ startLineNumber: 1, startColumn: 1, endLineNumber: position.lineNumber, endColumn: 1 });
      const hover = hoverAt(before, model.getLineContent(position.lineNumber), position.column - 1, fields);
      if (!hover) return null;
      return {
        range: { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: hover.range[0] + 1, endColumn: hover.range[1] + 1 },
        contents: hover.lines.map((value) => ({ value })),
      };
    },
  });
}
