"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { StudioResult } from "./studio-types";
import "./template-operations.css";

interface Props {
  templateId: string;
  name: string;
  archived: boolean;
  /** Names of the dataset's other templates that are not archived (names are unique among them). */
  takenNames: string[];
  can: { rename: boolean; duplicate: boolean; archive: boolean; unarchive: boolean };
  onRename(input: { templateId: string; name: string }): Promise<StudioResult<{ name: string }>>;
  onDuplicate(input: { templateId: string; name: string }): Promise<StudioResult<{ templateId: string }>>;
  onArchive(input: { templateId: string }): Promise<StudioResult<{ status: string }>>;
  onUnarchive(input: { templateId: string }): Promise<StudioResult<{ status: string; poolVersion: number | null }>>;
}

/** Rename, duplicate (a new template with its own id), archive and unarchive. */
export function TemplateOperations(props: Props) {
  const router = useRouter();
  const [newName, setNewName] = useState(props.name);
  const [copyName, setCopyName] = useState(freeName(`${props.name} (copy)`, props.takenNames));
  // After a rename (router.refresh gives a new name), the proposals follow it.
  const takenKey = props.takenNames.join("\n");
  useEffect(() => {
    setNewName(props.name);
    setCopyName(freeName(`${props.name} (copy)`, takenKey.split("\n")));
  }, [props.name, takenKey]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const taken = (n: string) => props.takenNames.includes(n.trim());

  const run = async <T,>(call: () => Promise<StudioResult<T>>, done: (data: T) => void) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const r = await call();
      if (r.ok) done(r.data);
      else setError(r.error.fields?.name ?? r.error.message);
    } finally {
      setBusy(false);
    }
  };

  const renameTaken = newName.trim() !== props.name && taken(newName);
  const copyTaken = taken(copyName);
  return (
    <div className="template-operations" data-testid="template-operations">
      {props.can.rename ? (
        <form
          className="operation"
          onSubmit={(e) => {
            e.preventDefault();
            if (renameTaken) return;
            void run(() => props.onRename({ templateId: props.templateId, name: newName }), (d) => {
              setNotice(`Renamed to "${d.name}".`);
              router.refresh();
            });
          }}
        >
          <label htmlFor="rename-template">New name</label>
          <input id="rename-template" type="text" value={newName} onChange={(e) => setNewName(e.target.value)} aria-invalid={renameTaken ? true : undefined} aria-describedby="rename-hint" />
          <button type="submit" className="secondary small" disabled={busy || renameTaken || newName.trim() === "" || newName.trim() === props.name}>
            Rename
          </button>
          <p id="rename-hint" className={renameTaken ? "field-error small" : "visually-hidden"}>
            {renameTaken ? `Another template of this dataset is already named "${newName.trim()}".` : ""}
          </p>
        </form>
      ) : null}
      {props.can.duplicate ? (
        <form
          className="operation"
          onSubmit={(e) => {
            e.preventDefault();
            if (copyTaken) return;
            void run(() => props.onDuplicate({ templateId: props.templateId, name: copyName }), (d) => router.push(`/templates/${d.templateId}/edit`));
          }}
        >
          <label htmlFor="duplicate-name">Name of the copy</label>
          <input id="duplicate-name" type="text" value={copyName} onChange={(e) => setCopyName(e.target.value)} aria-invalid={copyTaken ? true : undefined} aria-describedby="duplicate-hint" />
          <button type="submit" className="secondary small" disabled={busy || copyTaken || copyName.trim() === ""}>
            Duplicate
          </button>
          <p id="duplicate-hint" className={copyTaken ? "field-error small" : "visually-hidden"}>
            {copyTaken ? `Another template of this dataset is already named "${copyName.trim()}".` : ""}
          </p>
        </form>
      ) : null}
      <div className="studio-actions">
        {props.can.archive && !props.archived ? (
          <button
            type="button"
            className="secondary small"
            disabled={busy}
            onClick={() =>
              void run(() => props.onArchive({ templateId: props.templateId }), () => {
                setNotice("Archived: the template left the dataset's lists and its name is free. Unarchive brings it back.");
                router.push(`/templates/${props.templateId}`);
                router.refresh();
              })
            }
          >
            Archive
          </button>
        ) : null}
        {props.can.unarchive && props.archived ? (
          <button
            type="button"
            className="secondary small"
            disabled={busy}
            onClick={() =>
              void run(() => props.onUnarchive({ templateId: props.templateId }), (result) => {
                setNotice(
                  result.poolVersion !== null
                    ? `Unarchived: version ${result.poolVersion} is in the pool again.`
                    : "Unarchived: the template is a draft again.",
                );
                router.refresh();
              })
            }
          >
            Unarchive
          </button>
        ) : null}
      </div>
      {notice ? (
        <p className="alert alert-ok small" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="alert alert-error small" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** "name (copy)", or "name (copy 2)" … when taken. */
function freeName(base: string, taken: string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) {
    const candidate = base.replace(/\(copy\)$/, `(copy ${i})`);
    if (!taken.includes(candidate)) return candidate;
  }
}
