"use client";
/** Monaco's diff editor, side by side and read-only, loaded only in the browser (see code-editor.tsx). */
import { DiffEditor } from "@monaco-editor/react";
import "./monaco-setup";

export interface MonacoDiffProps {
  original: string;
  modified: string;
  ariaLabel: string;
  height: number;
}

export default function MonacoDiff({ original, modified, ariaLabel, height }: MonacoDiffProps) {
  return (
    <DiffEditor
      height={height}
      language="jinja"
      original={original}
      modified={modified}
      loading={<div className="editor-loading">Loading the diff…</div>}
      options={{
        readOnly: true,
        originalEditable: false,
        renderSideBySide: true,
        useInlineViewWhenSpaceIsLimited: false,
        minimap: { enabled: false },
        wordWrap: "on",
        scrollBeyondLastLine: false,
        automaticLayout: true,
        renderWhitespace: "boundary",
        ariaLabel,
        originalAriaLabel: `${ariaLabel}: older version`,
        modifiedAriaLabel: `${ariaLabel}: newer version`,
      }}
    />
  );
}
