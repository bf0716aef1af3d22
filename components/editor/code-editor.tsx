"use client";
import dynamic from "next/dynamic";
import type { MonacoEditorProps } from "./monaco-editor";

// Monaco touches window at import time: client-side only, in its own chunk.
const MonacoEditor = dynamic(() => import("./monaco-editor"), {
  ssr: false,
  loading: () => <div className="editor-loading">Loading the editor…</div>,
});

/** A labelled code editor region (screen readers and tests find it by its name). */
export function CodeEditor(props: MonacoEditorProps) {
  return (
    <div role="region" aria-label={props.ariaLabel} className="code-editor" style={{ minHeight: props.height }}>
      <MonacoEditor {...props} />
    </div>
  );
}
