"use client";
/**
 * Monaco's diff editor, side by side, loaded only in the browser (see code-editor.tsx). Read-only by
 * default; with `onModifiedChange` the right side is editable and each change block gets Monaco's
 * margin arrow that copies the left side's text over it: a two-way merge.
 */
import { DiffEditor, type DiffOnMount } from "@monaco-editor/react";
import { useRef } from "react";
import "./monaco-setup";

export interface MonacoDiffProps {
  original: string;
  modified: string;
  ariaLabel: string;
  height: number;
  /** Names of the two sides for screen readers (default "older version" / "newer version"). */
  sideLabels?: { original: string; modified: string };
  /** Makes the right side editable and reports its text on every change. */
  onModifiedChange?(value: string): void;
}

export default function MonacoDiff({ original, modified, ariaLabel, height, sideLabels, onModifiedChange }: MonacoDiffProps) {
  const onChange = useRef(onModifiedChange);
  onChange.current = onModifiedChange;
  const editable = onModifiedChange !== undefined;
  const onMount: DiffOnMount = (editor) => {
    const right = editor.getModifiedEditor();
    right.onDidChangeModelContent(() => onChange.current?.(right.getValue()));
  };
  return (
    <DiffEditor
      height={height}
      language="jinja"
      original={original}
      modified={modified}
      onMount={onMount}
      loading={<div className="editor-loading">Loading the diff…</div>}
      options={{
        readOnly: !editable,
        originalEditable: false,
        renderMarginRevertIcon: editable,
        renderSideBySide: true,
        useInlineViewWhenSpaceIsLimited: false,
        minimap: { enabled: false },
        wordWrap: "on",
        scrollBeyondLastLine: false,
        automaticLayout: true,
        renderWhitespace: "boundary",
        ariaLabel,
        originalAriaLabel: `${ariaLabel}: ${sideLabels?.original ?? "older version"}`,
        modifiedAriaLabel: `${ariaLabel}: ${sideLabels?.modified ?? "newer version"}`,
      }}
    />
  );
}
