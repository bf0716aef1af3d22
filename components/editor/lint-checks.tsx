import type { LintIssue } from "@/lib/templates/lint";

/** The lint issues under the editor, in words, with their position when known and a one-click fix when there is one. */
export function LintChecks({ issues, onFix }: { issues: LintIssue[]; onFix?(issue: LintIssue): void }) {
  return (
    <div className="lint-checks">
      <span className="label" id="checks-label">
        Checks
      </span>
      {issues.length === 0 ? (
        <p className="muted small" data-testid="checks-ok">
          No problems found.
        </p>
      ) : null}
      <ul role="list" aria-label="Checks" className="lint-list" aria-live="polite">
        {issues.map((issue, i) => (
          <li key={`${issue.code}-${i}`} className={`lint-item lint-${issue.severity}`} data-code={issue.code}>
            <strong>{issue.severity === "error" ? "Error" : "Warning"}</strong>
            {issue.line ? <span className="muted small"> (line {issue.line}{issue.column ? `, column ${issue.column}` : ""})</span> : null}: {issue.message}
            {issue.fix && onFix ? (
              <>
                {" "}
                <button type="button" className="secondary small" onClick={() => onFix(issue)}>
                  Use {issue.fix.to}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
