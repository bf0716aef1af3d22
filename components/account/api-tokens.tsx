"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

/** A token as the account page lists it (never its secret). */
export interface TokenRow {
  id: string;
  name: string;
  scope: "read" | "write";
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type Result<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; fields?: Record<string, string> } };

const day = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") + " UTC" : "never");

export function ApiTokens({
  tokens,
  createToken,
  revokeToken,
}: {
  tokens: TokenRow[];
  createToken: (input: { name: string; scope: "read" | "write" }) => Promise<Result<{ token: TokenRow; secret: string }>>;
  revokeToken: (input: { tokenId: string }) => Promise<Result<{ token: TokenRow }>>;
}) {
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState(false);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setBusy(true);
    setError(null);
    setFields({});
    setCopied(false);
    const result = await createToken({ name: String(form.get("name") ?? ""), scope: form.get("scope") === "write" ? "write" : "read" });
    setBusy(false);
    if (!result.ok) {
      setError(result.error.message);
      setFields(result.error.fields ?? {});
      return;
    }
    formElement.reset();
    // Kept in this component's state only: a reload (or leaving the page) forgets it for good.
    setCreated({ name: result.data.token.name, secret: result.data.secret });
    router.refresh();
  }

  async function onRevoke(token: TokenRow) {
    setError(null);
    const result = await revokeToken({ tokenId: token.id });
    if (!result.ok) setError(result.error.message);
    router.refresh();
  }

  async function copy(secret: string) {
    await navigator.clipboard?.writeText(secret).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }

  return (
    <div className="api-tokens">
      {created ? (
        <div className="alert alert-ok" role="status" aria-label="New token">
          <p>
            Your new token <strong>{created.name}</strong>. Copy it now: it is shown only once.
          </p>
          <p>
            <code data-testid="new-token">{created.secret}</code>{" "}
            <button type="button" className="secondary" onClick={() => copy(created.secret)}>
              {copied ? "Copied" : "Copy"}
            </button>
          </p>
        </div>
      ) : null}
      {error ? (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      <form className="form token-form" onSubmit={onCreate} noValidate aria-label="Create a token">
        <div className="field">
          <label htmlFor="token-name">Token name</label>
          <input id="token-name" name="name" type="text" required maxLength={100} placeholder="e.g. training pipeline" aria-invalid={Boolean(fields.name)} />
          {fields.name ? <span className="field-error">{fields.name}</span> : null}
        </div>
        <fieldset className="field">
          <legend>Scope</legend>
          <label>
            <input type="radio" name="scope" value="read" defaultChecked /> read: datasets, the pool, rendering
          </label>
          <label>
            <input type="radio" name="scope" value="write" /> write: also create templates and save versions as you
          </label>
        </fieldset>
        <div>
          <button type="submit" disabled={busy}>
            {busy ? "Creating…" : "Create token"}
          </button>
        </div>
      </form>
      {tokens.length === 0 ? (
        <p className="empty">You have no tokens.</p>
      ) : (
        <div className="table-wrap">
          <table aria-label="Your tokens">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Scope</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td>
                    <code>{t.prefix}…</code>
                  </td>
                  <td>{t.scope}</td>
                  <td>{day(t.createdAt)}</td>
                  <td>{day(t.lastUsedAt)}</td>
                  <td>
                    {t.revokedAt ? (
                      <span className="badge badge-disabled">revoked</span>
                    ) : (
                      <button type="button" className="secondary" onClick={() => onRevoke(t)} aria-label={`Revoke ${t.name}`}>
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
