/**
 * Removed content is full of links, and any of them may be hostile. The app
 * itself never follows one; a person may open an https link in their own
 * browser after seeing where it goes and confirming.
 */
export function isOpenableExternalUrl(candidate: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  return url.protocol === 'https:' && url.username === '' && url.password === '';
}

export interface ExternalLinkDeps {
  confirm(url: string): Promise<boolean>;
  open(url: string): Promise<void>;
}

export async function openExternalAfterConfirmation(
  url: string,
  deps: ExternalLinkDeps,
): Promise<'opened' | 'refused' | 'cancelled'> {
  if (!isOpenableExternalUrl(url)) return 'refused';
  if (!(await deps.confirm(url))) return 'cancelled';
  await deps.open(url);
  return 'opened';
}
