// The two section states that are not data: access denied and an unreachable source.
// Worded the same on every section (DOMAIN.md section 7, risks 6 and 9), so they live here.

export function DeniedNotice(props: { reason: string }) {
  return (
    <div className="notice notice--error" role="alert">
      <p>
        <strong>Ingen tilgang</strong>
      </p>
      <p>{props.reason}</p>
    </div>
  );
}

export function UnavailableNotice(props: { reason: string }) {
  return (
    <div className="notice notice--warn" role="alert">
      <p>
        <strong>Kilden er ikke tilgjengelig</strong>
      </p>
      <p>{props.reason}</p>
    </div>
  );
}
