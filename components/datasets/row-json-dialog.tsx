"use client";

import { useRef } from "react";

/** The row number in the table; opens a dialog with the row's whole JSON (types kept: 3.0 stays 3.0). */
export function RowJsonDialog({ label, title, json }: { label: string; title: string; json: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button type="button" className="row-open" onClick={() => dialog.current?.showModal()} aria-label={`Show ${title} as JSON`}>
        {label}
      </button>
      <dialog ref={dialog} className="row-dialog" aria-label={title}>
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: "1rem" }}>
          <h3 style={{ margin: 0 }}>{title}</h3>
          <button type="button" className="secondary small" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
        <pre>{json}</pre>
      </dialog>
    </>
  );
}
