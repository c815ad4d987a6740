import { z } from 'zod';

/**
 * The City of Norwalk Social Media Policy as version 1 of the policy data.
 * Clause texts are quoted exactly from docs/policy/city-of-norwalk-social-media-policy.txt
 * (a test holds them to it), because reports must quote the words in force
 * when a removal was made.
 */
export const removalCategoryIds = [
  'off_topic',
  'political_campaign',
  'profanity',
  'discrimination',
  'sexual_content',
  'solicitation_of_commerce',
  'illegal_activity',
  'public_safety_security',
  'ownership_interest',
  'defamation',
  'threats',
  'other_applicable_law',
] as const;
export const removalCategoryIdSchema = z.enum(removalCategoryIds);
export type RemovalCategoryId = z.infer<typeof removalCategoryIdSchema>;

export const removalCategorySchema = z.object({
  id: removalCategoryIdSchema,
  label: z.string().min(1),
  clause: z.string().min(1),
  /** The policy lets a user be blocked only for repeated removals in these. */
  blockEligible: z.boolean(),
  /** "Other applicable law" must name the law it relies on. */
  requiresCitation: z.boolean(),
});
export type RemovalCategory = z.infer<typeof removalCategorySchema>;

export const policyVersionSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  version: z.number().int().positive(),
  effectiveDate: z.iso.date(),
  categories: z.array(removalCategorySchema).min(1),
  disclaimer: z.string().min(1),
  retentionClause: z.string().min(1),
  blockingClause: z.string().min(1),
});
export type PolicyVersion = z.infer<typeof policyVersionSchema>;

export const norwalkPolicyV1: PolicyVersion = policyVersionSchema.parse({
  id: 'norwalk-social-media-policy-v1',
  title: 'City of Norwalk Social Media Policy',
  version: 1,
  // The policy text carries no date of adoption, and clerks import removals
  // logged in spreadsheets long before the ledger existed: version 1 governs
  // everything until an administrator records a later version (with its real
  // date). A removal dated before 2000 is refused as implausible.
  effectiveDate: '2000-01-01',
  categories: [
    {
      id: 'off_topic',
      label: 'Off-topic comment',
      clause: 'Comments that are not topically related to the particular posting being commented upon;',
      blockEligible: false,
      requiresCitation: false,
    },
    {
      id: 'political_campaign',
      label: 'Political campaigns, candidates or ballot measures',
      clause: 'Comments in support of, or opposition to, political campaigns, candidates or ballot measures;',
      blockEligible: false,
      requiresCitation: false,
    },
    {
      id: 'profanity',
      label: 'Profane language or content',
      clause: 'Profane language or content;',
      blockEligible: false,
      requiresCitation: false,
    },
    {
      id: 'discrimination',
      label: 'Discrimination',
      clause:
        'Content that promotes, fosters, or perpetuates discrimination on the basis of race, creed, color, age, religion, gender, marital status, or status with regard to public assistance, national origin, physical or mental disability or sexual orientation, as well as any other category protected by federal, state, or local laws;',
      blockEligible: false,
      requiresCitation: false,
    },
    {
      id: 'sexual_content',
      label: 'Sexual content',
      clause: 'Sexual content or links to sexual content;',
      blockEligible: true,
      requiresCitation: false,
    },
    {
      id: 'solicitation_of_commerce',
      label: 'Solicitation of commerce (spam)',
      clause: 'Solicitations of commerce;',
      blockEligible: true,
      requiresCitation: false,
    },
    {
      id: 'illegal_activity',
      label: 'Illegal activity',
      clause: 'Conduct or encouragement of illegal activity;',
      blockEligible: true,
      requiresCitation: false,
    },
    {
      id: 'public_safety_security',
      label: 'Public safety or security',
      clause: 'Information that may tend to compromise the safety or security of the public or public systems;',
      blockEligible: false,
      requiresCitation: false,
    },
    {
      id: 'ownership_interest',
      label: 'Legal ownership interest',
      clause: 'Content that violates a legal ownership interest of any other party;',
      blockEligible: false,
      requiresCitation: false,
    },
    {
      id: 'defamation',
      label: 'Defamatory statements',
      clause: 'Defamatory statements; or',
      blockEligible: true,
      requiresCitation: false,
    },
    {
      id: 'threats',
      label: 'Threats of violence',
      clause:
        'Threats of violence or injury to any person, property, or organization, or the incitement of others to such violence.',
      blockEligible: false,
      requiresCitation: false,
    },
    {
      id: 'other_applicable_law',
      label: 'Other applicable law',
      clause:
        "The City reserves the right to restrict or remove any content that is deemed by the City to be in violation of this Social Media Policy or any other applicable law.",
      blockEligible: false,
      requiresCitation: true,
    },
  ],
  disclaimer:
    "The City of Norwalk reserves the right to restrict or remove any postings or comments that violate the City's Social Media Policy, which can be found on the City's website.",
  retentionClause:
    "Any content removed based on this Policy must be retained by the City per the City's record retention schedule and will include the time, date and identity (including username or screenname) of the poster, when available.",
  blockingClause:
    "The City may block specific users, but only to the extent that such users' comments are determined by the City to repeatedly be defamatory, obscene, or for purposes of posting spam, promoting illegal activity, or soliciting commerce. In no event shall a user be blocked for disagreeing with or providing a contrary opinion or point of view.",
});
