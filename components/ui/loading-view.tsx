export function LoadingView() {
  return (
    <div className="spinner-page" role="status" aria-live="polite">
      Loading…
    </div>
  );
}
