"use client";
/** A Monaco editor for Jinja, loaded only in the browser (see code-editor.tsx and monaco-setup.ts). */
import Editor, { type OnMount } from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import type { FieldInfo } from "@/lib/templates/lint-fields";
import { setModelFields } from "./jinja-help";
import { monaco } from "./monaco-setup";

export interface MonacoEditorProps {
  /** The text to show; applied on mount and whenever `revision` changes (the editor is uncontrolled while typing). */
  value: string;
  revision: number;
  onChange(value: string): void;
  ariaLabel: string;
  height: number;
  /** Problems to mark in the text (1-based line/column); replaced as a whole on every change. */
  markers?: EditorMarker[];
  /** The dataset's fields, for completion and hover. */
  fields?: readonly FieldInfo[];
  /** A one- or two-line editor (answer choices): no line numbers or gutter. */
  compact?: boolean;
  /** Take the focus on mount with the cursor at this offset (the text area it replaces had it). */
  focusAt?: number;
  /** Review threads shown in the glyph margin at 1-based lines of `value`; they follow later edits. */
  lineNotes?: readonly EditorLineNote[];
}

export interface EditorLineNote {
  line: number;
  /** plain text, shown when hovering the margin icon */
  message: string;
}

// Hover messages are markdown: a comment's own * _ ` [ stay literal.
const markdownLiteral = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, "\\$&");

export interface EditorMarker {
  severity: "error" | "warning";
  message: string;
  line: number;
  column: number;
}

export default function MonacoEditor({ value, revision, onChange, ariaLabel, height, markers, fields, compact, focusAt, lineNotes }: MonacoEditorProps) {
  // Controlled mode would write React's (lagging) state back into the model while the user types
  // and drop keystrokes; the text is pushed in only when the caller replaces it (new revision).
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  const valueRef = useRef(value);
  valueRef.current = value;
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model || model.getValue() === valueRef.current) return;
    // An edit (not setValue) so that Ctrl+Z can undo a restore or a load.
    editor.pushUndoStop();
    editor.executeEdits("replace", [{ range: model.getFullModelRange(), text: valueRef.current }]);
    editor.pushUndoStop();
  }, [revision]);
  const [mounted, setMounted] = useState(false);
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      "lint",
      (markers ?? []).map((m) => {
        const line = Math.min(Math.max(1, m.line), model.getLineCount());
        const column = Math.max(1, m.column);
        // Underline the word at the position (the field name), or at least one character.
        const word = model.getWordAtPosition({ lineNumber: line, column });
        return {
          severity: m.severity === "error" ? monaco.MarkerSeverity.Error : monaco.MarkerSeverity.Warning,
          message: m.message,
          startLineNumber: line,
          startColumn: word ? word.startColumn : column,
          endLineNumber: line,
          endColumn: word ? word.endColumn : column + 1,
        };
      }),
    );
  }, [markers, mounted]);
  useEffect(() => {
    const model = editorRef.current?.getModel();
    if (model) setModelFields(model, fields ?? []);
  }, [fields, mounted]);
  const noteDecorations = useRef<ReturnType<Parameters<OnMount>[0]["createDecorationsCollection"]> | null>(null);
  // Set again when the text is replaced (a restore or a load) or the notes change; Monaco moves
  // them with the author's edits in between.
  useEffect(() => {
    const editor = editorRef.current;
    const model = editor?.getModel();
    if (!editor || !model) return;
    const notes = lineNotes ?? [];
    noteDecorations.current ??= editor.createDecorationsCollection();
    const stickiness = monaco.editor.TrackedRangeStickiness.NeverGrowsWhenTypingAtEdges;
    noteDecorations.current.set(
      notes.flatMap((n) => {
        const line = Math.min(Math.max(1, n.line), model.getLineCount());
        const at = new monaco.Range(line, 1, line, 1);
        return [
          // The glyph on the line's first screen line only (a whole-line decoration repeats it on every wrapped one).
          { range: at, options: { glyphMarginClassName: "comment-glyph", glyphMarginHoverMessage: { value: markdownLiteral(n.message) }, stickiness } },
          { range: at, options: { isWholeLine: true, className: "comment-line", stickiness } },
        ];
      }),
    );
  }, [lineNotes, mounted, revision]);
  const onMount: OnMount = (editor) => {
    editorRef.current = editor;
    editor.updateOptions({ ariaLabel });
    const model = editor.getModel();
    if (focusAt !== undefined && model) {
      editor.setPosition(model.getPositionAt(focusAt));
      editor.focus();
    }
    setMounted(true);
  };
  return (
    <Editor
      height={height}
      language="jinja"
      defaultValue={value}
      onChange={(v) => onChange(v ?? "")}
      onMount={onMount}
      loading={<div className="editor-loading">Loading the editor…</div>}
      options={{
        ariaLabel,
        minimap: { enabled: false },
        wordWrap: "on",
        lineNumbers: compact ? "off" : "on",
        // In the options, not set from an effect: the wrapper re-applies these on every render.
        glyphMargin: (lineNotes?.length ?? 0) > 0,
        folding: !compact,
        lineDecorationsWidth: compact ? 4 : undefined,
        fontSize: 14,
        scrollBeyondLastLine: false,
        automaticLayout: true,
        renderWhitespace: "selection",
        // Typed text must stay exactly what the author typed (templates are whitespace-sensitive).
        autoClosingBrackets: "never",
        autoClosingQuotes: "never",
        autoIndent: "none",
        formatOnType: false,
        // Suggestions come from the dataset (jinja-help.ts), inside {{ }} and {% %} only.
        quickSuggestions: { other: "on", comments: "off", strings: "off" },
        wordBasedSuggestions: "off",
        suggestOnTriggerCharacters: true,
        fixedOverflowWidgets: true,
        tabSize: 2,
        // Tab moves the focus on (keyboard users must be able to leave the editor); Ctrl+M toggles.
        tabFocusMode: true,
      }}
    />
  );
}
