/** What a city sees before it has a ledger on this computer. */
export function FirstRunScreen({ onCreate, onRestore }: { onCreate: () => void; onRestore: () => void }) {
  return (
    <section aria-labelledby="first-run-title" className="first-run">
      <h1 id="first-run-title">Records Ledger</h1>
      <p className="lead">
        Keep every post and comment removed from the City&apos;s social media sites, with the time, date and identity of
        the poster, as the Social Media Policy and the retention schedule require.
      </p>
      <ul className="purpose">
        <li>Clerks log each removal, offline, with its screenshots and review trail.</li>
        <li>Counsel answer Public Records Act requests with redacted disclosures.</li>
        <li>Records staff apply the retention schedule and document each disposition.</li>
      </ul>
      <p>Everything stays on this computer, encrypted, in a ledger that shows any tampering.</p>
      <div className="actions">
        <button type="button" className="primary" onClick={onCreate}>
          Create the ledger
        </button>
        <button type="button" onClick={onRestore}>
          Restore from a backup
        </button>
      </div>
    </section>
  );
}
