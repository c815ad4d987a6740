import { useRef, useState } from 'react';

/**
 * What a city sees before it has a ledger. Creating the ledger (vault, first
 * administrator, recovery key) is its own feature; until it lands, the call
 * to action says plainly that it is not available yet.
 */
export function FirstRunScreen() {
  const [asked, setAsked] = useState(false);
  const statusRef = useRef<HTMLParagraphElement>(null);

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
      <button
        type="button"
        className="primary"
        onClick={() => {
          setAsked(true);
          statusRef.current?.focus();
        }}
      >
        Create the ledger
      </button>
      <p ref={statusRef} tabIndex={-1} role="status" className="status-note">
        {asked ? 'Creating a ledger is not available in this version yet: the encrypted vault is still being built.' : ''}
      </p>
    </section>
  );
}
