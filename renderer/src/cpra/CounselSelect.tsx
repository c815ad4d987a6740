import type { User } from '../../../shared/users/user';

/** Who answers a request: counsel (or an administrator), or nobody yet. */
export function CounselSelect({ id, value, counsel, onChange }: { id: string; value: string; counsel: readonly User[]; onChange: (userId: string) => void }) {
  return (
    <div className="field">
      <label htmlFor={id}>Assigned counsel</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Not yet assigned</option>
        {counsel.map((user) => (
          <option key={user.id} value={user.id}>
            {user.fullName}
          </option>
        ))}
      </select>
    </div>
  );
}
