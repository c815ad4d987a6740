import type { AppInfo } from '../../shared/ipc/channels';
import { norwalkPolicyV1 } from '../../shared/policy/norwalk-v1';

export interface RuntimeDescription {
  runtime: AppInfo['runtime'];
  runtimeVersion: string;
  appVersion: string;
  platform: string;
}

export function describeApp(runtime: RuntimeDescription): AppInfo {
  const { id, title, version, effectiveDate } = norwalkPolicyV1;
  return {
    name: 'Records Ledger',
    version: runtime.appVersion,
    runtime: runtime.runtime,
    runtimeVersion: runtime.runtimeVersion,
    platform: runtime.platform,
    policy: { id, title, version, effectiveDate },
  };
}
