"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="secondary small"
      disabled={busy}
      onClick={async () => {
        setBusy(true);
        await signOut({ redirect: false });
        // A full load so every server component re-reads the (now absent) session.
        window.location.assign("/");
      }}
    >
      Sign out
    </button>
  );
}
