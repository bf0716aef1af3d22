"use client";
import dynamic from "next/dynamic";
import { useEffect, useRef, useState, type ComponentType } from "react";
import type { MonacoDiffProps } from "./monaco-diff";
import type { MonacoEditorProps } from "./monaco-editor";

// Monaco touches window at import time: client-side only, in its own chunk (about 2.8 MB). The
// download starts as soon as this module runs in the browser, not when the editor first renders.
let monacoChunk: Promise<typeof import("./monaco-editor")> | null = null;
function loadMonaco() {
  monacoChunk ??= import("./monaco-editor");
  return monacoChunk;
}
if (typeof window !== "undefined") void loadMonaco();

const MonacoDiff = dynamic(() => import("./monaco-diff"), {
  ssr: false,
  loading: () => <div className="editor-loading">Loading the diff…</div>,
});

/**
 * A labelled code editor region (screen readers and tests find it by its name). Until Monaco has
 * loaded, a plain text area with the same name takes the typing, so the page is usable (and the
 * preview live) as soon as it is hydrated; Monaco then takes over the same text, cursor and focus.
 */
export function CodeEditor(props: MonacoEditorProps) {
  const [Editor, setEditor] = useState<ComponentType<MonacoEditorProps> | null>(null);
  const [focusAt, setFocusAt] = useState<number | undefined>(undefined);
  const fallback = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    let live = true;
    void loadMonaco().then((m) => {
      if (!live) return;
      const ta = fallback.current;
      if (ta && document.activeElement === ta) setFocusAt(ta.selectionStart);
      setEditor(() => m.default);
    });
    return () => {
      live = false;
    };
  }, []);
  return (
    <div role="region" aria-label={props.ariaLabel} className="code-editor" style={{ minHeight: props.height }}>
      {Editor ? (
        <Editor {...props} focusAt={focusAt} />
      ) : (
        <textarea
          ref={fallback}
          className="editor-fallback"
          aria-label={props.ariaLabel}
          value={props.value}
          spellCheck={false}
          style={{ height: props.height }}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
    </div>
  );
}

/** Two texts side by side with their differences marked, in a labelled region. */
export function CodeDiff(props: MonacoDiffProps) {
  return (
    <div role="region" aria-label={props.ariaLabel} className="code-editor" style={{ minHeight: props.height }}>
      <MonacoDiff {...props} />
    </div>
  );
}
