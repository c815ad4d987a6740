import { useMemo } from 'react';
import { CITY_TIME_ZONE } from '../../../shared/removals/moments';

/** Every zone the computer knows, the City's first: a time may have been shown by a platform in another zone. */
function useTimeZones(): string[] {
  return useMemo(() => {
    const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return [CITY_TIME_ZONE, 'UTC', ...known.filter((zone) => zone !== CITY_TIME_ZONE && zone !== 'UTC')];
  }, []);
}

/** A time zone picker whose first choice is the City's. Its label is the caller's (`id`). */
export function TimeZoneSelect({ id, value, onChange, disabled, describedBy }: { id: string; value: string; onChange: (zone: string) => void; disabled?: boolean; describedBy?: string }) {
  const zones = useTimeZones();
  return (
    <select id={id} value={value} aria-describedby={describedBy} disabled={disabled} onChange={(event) => onChange(event.target.value)}>
      {zones.map((zone) => (
        <option key={zone} value={zone}>
          {zone === CITY_TIME_ZONE ? `${zone} (the City's)` : zone}
        </option>
      ))}
    </select>
  );
}
