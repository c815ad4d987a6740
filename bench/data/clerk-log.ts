import Papa from 'papaparse';

/**
 * A clerk's removal log as the CSV the Import screen reads: every row
 * complete, so every row is checked all the way through. `firstRow` numbers
 * the rows of a later file on, so the files of one large import never repeat
 * a permalink or a poster.
 */
export const CLERK_LOG_SITE = {
  id: 'bench-fb',
  platform: 'facebook',
  accountName: 'City of Norwalk',
  handle: 'CityofNorwalkCA',
  url: 'https://www.facebook.com/CityofNorwalkCA',
  managingDepartment: 'Communications',
  approvedBy: { name: 'Pat Manager', title: 'City Manager' },
  approvedOn: '2024-01-02',
  contactEmail: 'social@norwalkca.gov',
  status: 'active',
} as const;

const HEADER = [
  'Site', 'Type', 'Link', 'Display name', 'Username', 'Posted', 'Seen', 'Date removed', 'Comment', 'Reason',
  'Flagged by', 'Flagged on', 'Manager notified', 'Notified on', 'Reason counsel not consulted', 'Removed by', 'Not based on viewpoint',
];

export function clerkLog(rows: number, firstRow = 0): Uint8Array {
  const data = Array.from({ length: rows }, (_, i) => {
    const n = firstRow + i;
    const day = 1 + (n % 28);
    const minute = String(n % 60).padStart(2, '0');
    return [
      n % 3 === 0 ? '@CityofNorwalkCA' : 'City of Norwalk',
      'comment',
      `https://www.facebook.com/CityofNorwalkCA/posts/${100000 + n}`,
      `Poster ${n}`,
      `poster_${n}`,
      `2/${day}/2025 9:${minute} AM`,
      `2025-02-${String(day).padStart(2, '0')} 10:${minute}`,
      `2025-02-${String(day).padStart(2, '0')} 11:${minute}`,
      `Buy cheap watches at www.example.com/deals/${n} now!!! "Limited", offer ${n}.\nReply STOP.`,
      n % 5 === 0 ? 'Solicitation of commerce (spam); Off-topic comment' : 'Solicitation of commerce (spam)',
      'Dana Clerk',
      `2025-02-${String(day).padStart(2, '0')} 10:${minute}`,
      'Assistant City Manager Lee',
      `2025-02-${String(day).padStart(2, '0')} 10:${minute}`,
      'The content expressly violated the Social Media Policy.',
      'Dana Clerk',
      'yes',
    ];
  });
  return new TextEncoder().encode(Papa.unparse({ fields: HEADER, data }, { newline: '\r\n' }));
}
