import { z } from 'zod';

/**
 * The grounds on which counsel may withhold part of a record. Each redaction
 * cites one, and the disclosure's exemption log prints its citation, so a
 * requester (and a court) can see what was withheld under which section.
 * The built-in list is the statute's most used grounds; the administrator
 * adds others (each with its citation and words) as records of their own.
 */
export const EXEMPTION_TABLE = 'cpra_exemption';

export const exemptionSchema = z.object({
  id: z.string().min(1).max(64),
  /** The section number as counsel writes it: "7927.700". */
  section: z.string().trim().min(1, 'Enter the section (for example: 7927.700).').max(40),
  /** A short name: "Personal privacy". */
  title: z.string().trim().min(1, 'Enter a short name for the exemption (for example: Personal privacy).').max(200),
  /** How it is cited in letters and logs: "Gov. Code § 7927.700". */
  citation: z.string().trim().min(1, 'Enter the citation (for example: Gov. Code § 7927.700).').max(300),
  /** What the law says, in words a requester can follow. */
  words: z.string().trim().min(1, 'Enter the words of the exemption, as they will appear in the exemption log.').max(5000),
  /** False once the administrator retires it: old redactions still cite it, new ones cannot. */
  active: z.boolean(),
});
export type Exemption = z.infer<typeof exemptionSchema>;

export const builtInExemptions: readonly Exemption[] = [
  {
    id: 'gc-7927-700',
    section: '7927.700',
    title: 'Personal privacy',
    citation: 'Gov. Code § 7927.700',
    words: 'Personnel, medical, or similar files, the disclosure of which would constitute an unwarranted invasion of personal privacy.',
    active: true,
  },
  {
    id: 'gc-7922-000',
    section: '7922.000',
    title: 'Public interest balancing',
    citation: 'Gov. Code § 7922.000',
    words: 'On the facts of the particular case, the public interest served by not disclosing the record clearly outweighs the public interest served by disclosure of the record.',
    active: true,
  },
  {
    id: 'gc-7927-705',
    section: '7927.705',
    title: 'Records exempt under other law',
    citation: 'Gov. Code § 7927.705',
    words: 'Records, the disclosure of which is exempted or prohibited pursuant to federal or state law, including provisions of the Evidence Code relating to privilege.',
    active: true,
  },
  {
    id: 'gc-7927-200',
    section: '7927.200',
    title: 'Law enforcement investigations',
    citation: 'Gov. Code § 7927.200',
    words: 'Records of complaints to, or investigations conducted by, any local police agency, or any investigatory or security files compiled by any local police agency for correctional, law enforcement, or licensing purposes.',
    active: true,
  },
  {
    id: 'gc-7927-705-ac',
    section: '7927.705 (Evid. Code § 954)',
    title: 'Attorney-client privilege',
    citation: 'Gov. Code § 7927.705; Evid. Code § 954',
    words: 'Confidential communications between the City and its attorneys, privileged under the Evidence Code.',
    active: true,
  },
];

/** The built-in grounds, then the administrator's, each once: an administrator's record with a built-in id replaces it (to retire it). */
export function exemptionList(added: readonly Exemption[]): Exemption[] {
  const byId = new Map<string, Exemption>();
  for (const exemption of [...builtInExemptions, ...added]) byId.set(exemption.id, exemption);
  return [...byId.values()];
}

/** "Gov. Code § 7927.700 (Personal privacy)": how a withheld passage is labelled in the disclosure. */
export function exemptionLabel(exemption: Pick<Exemption, 'citation' | 'title'>): string {
  return `${exemption.citation} (${exemption.title})`;
}
