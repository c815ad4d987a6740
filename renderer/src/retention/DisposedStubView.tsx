import { CITY_TIME_ZONE, formatMoment } from '../../../shared/removals/moments';
import type { DisposedStub } from '../../../shared/retention/disposition';

/**
 * What remains of a disposed record: which series, which dates, which batch,
 * and the fingerprints of everything destroyed, so an auditor can match them
 * against the journal's chain and the certificate years later.
 */
export function DisposedStubView({ stub }: { stub: DisposedStub }) {
  return (
    <>
      <p>
        Its content, screenshots and files were {stub.action === 'destroy' ? 'destroyed' : 'transferred to the City’s archives and then removed from the ledger'} by disposition batch{' '}
        {stub.batchNumber} on {formatMoment({ utc: new Date(stub.disposedAt).toISOString(), zone: CITY_TIME_ZONE })}. What remains is this record of it.
      </p>
      <dl className="facts">
        <dt>Record</dt>
        <dd>
          <code>{stub.recordId}</code>
        </dd>
        <dt>Series</dt>
        <dd>{stub.seriesCode}</dd>
        <dt>Removed on</dt>
        <dd>{stub.removedOn}</dd>
        <dt>Eligible for disposition on</dt>
        <dd>{stub.eligibleOn}</dd>
        <dt>Batch</dt>
        <dd>{stub.batchNumber}</dd>
      </dl>
      <table>
        <caption>Journal entries whose content was destroyed (their hashes stay in the chain)</caption>
        <thead>
          <tr>
            <th scope="col">Entry</th>
            <th scope="col">SHA-256 of the encrypted content</th>
          </tr>
        </thead>
        <tbody>
          {stub.destroyedVersions.map((v) => (
            <tr key={v.seq}>
              <td>{v.seq}</td>
              <td>
                <code>{v.payloadHash}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {stub.destroyedFiles.length > 0 && (
        <table>
          <caption>Files destroyed</caption>
          <thead>
            <tr>
              <th scope="col">Kind</th>
              <th scope="col">Size</th>
              <th scope="col">SHA-256 of the original</th>
            </tr>
          </thead>
          <tbody>
            {stub.destroyedFiles.map((file) => (
              <tr key={file.sha256}>
                <td>{file.kind}</td>
                <td>{file.bytes.toLocaleString('en-US')} bytes</td>
                <td>
                  <code>{file.sha256}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
