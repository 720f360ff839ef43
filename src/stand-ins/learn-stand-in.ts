// The local stand-in for Microsoft Learn's transcript share API:
// GET /api/profiles/transcript/share/{shareId} answers the transcript JSON in its real shape
// (domain-facts §3), PII fields included, so the product is tested against what Learn really sends.
// Dev identities' transcripts are built relative to `now` at each request, so "expires within
// 6 months" stays true whatever the date. Tests can add transcripts, unshare one, slow one down,
// or make the whole service fail (down, unreachable, wrong shape). Shared by tests and `npm start`.
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LearnCertificationJson {
  name: string;
  certificationNumber: string;
  status: string;
  dateEarned: string;
  expiration?: string | null;
}

export interface LearnTranscriptJson {
  userName: string;
  userDisplayName: string;
  contactEmail: string | null;
  totalModulesCompleted: number;
  totalLearningPathsCompleted: number;
  modulesCompleted: { uid: string; title: string; durationInMinutes: number; completedOn: string }[];
  learningPathsCompleted: { uid: string; title: string; completedOn: string }[];
  trophies: { uid: string; title: string; awardedOn: string }[];
  certificationData: {
    legalName: string;
    mcid: string;
    totalActiveCertifications: number;
    totalHistoricalCertifications: number;
    totalExamsPassed: number;
    totalQualificationsEarned: number;
    activeCertifications: LearnCertificationJson[];
    historicalCertifications: LearnCertificationJson[];
    passedExams: { examTitle: string; examNumber: string; examDateTaken: string }[];
    qualifications: unknown[];
  } | null;
}

/** The dev share links' ids (as in https://learn.microsoft.com/en-us/users/{user}/transcript/{id}). */
export const DEV_SHARE_IDS = {
  adele: 'adelev8transcript01',
  alex: 'alexw4transcript02',
  megan: 'meganb6transcript03',
  lee: 'leegu2transcript04',
  /** Lee's link… to a transcript whose contact email is someone else's. */
  someoneElse: 'nestorw9transcript05',
  /** Was shared once; Learn now answers 404. */
  unshared: 'gone0transcript06',
  /** Adele's transcript, answered after `slowDelayMs`. */
  slow: 'slow1transcript07',
  /** 60 certifications, for the card budget and the benchmark. */
  sixty: 'sixty60transcript08',
} as const;

/** The dev share links as a person would copy them from Learn (README "Certifications", GET /). */
export const DEV_SHARE_LINKS: readonly { who: string; link: string; what: string }[] = [
  {
    who: 'Adele (adele.v@outlook.com)',
    link: `https://learn.microsoft.com/en-us/users/adelevance-4821/transcript/${DEV_SHARE_IDS.adele}`,
    what: 'active, one in its renewal window, one expired, a Fundamentals',
  },
  {
    who: 'Alex (alexw@hotmail.com)',
    link: `https://learn.microsoft.com/en-us/users/alexwilber/transcript/${DEV_SHARE_IDS.alex}`,
    what: 'one expiring within 30 days',
  },
  {
    who: 'Megan (megan.bowen@outlook.com)',
    link: `https://learn.microsoft.com/en-us/users/meganb/transcript/${DEV_SHARE_IDS.megan}`,
    what: 'Modern Work and Security, two expired',
  },
  {
    who: 'Lee (gamer.lee@live.com)',
    link: `https://learn.microsoft.com/en-us/users/leegu/transcript/${DEV_SHARE_IDS.lee}`,
    what: 'Security',
  },
  {
    who: 'someone else',
    link: `https://learn.microsoft.com/en-us/users/nestorw/transcript/${DEV_SHARE_IDS.someoneElse}`,
    what: 'contact email is not yours: asks you to confirm',
  },
  {
    who: 'no longer shared',
    link: `https://learn.microsoft.com/en-us/users/dev/transcript/${DEV_SHARE_IDS.unshared}`,
    what: '404: "no longer shared"',
  },
  {
    who: 'slow',
    link: `https://learn.microsoft.com/en-us/users/dev/transcript/${DEV_SHARE_IDS.slow}`,
    what: 'answers after 8 s: timeouts, retries',
  },
  {
    who: '60 certifications',
    link: `https://learn.microsoft.com/en-us/users/dev/transcript/${DEV_SHARE_IDS.sixty}`,
    what: 'a long list (card size, benchmark)',
  },
];

export type LearnMode = 'up' | 'down' | 'unreachable' | 'wrong-shape' | 'throttled';

export interface LearnStandInOptions {
  now?: () => Date;
  /** How long the slow share id takes to answer (default 8 s). */
  slowDelayMs?: number;
  log?: (line: string) => void;
}

const DAY = 24 * 60 * 60 * 1000;
const PATH = /^\/api\/profiles\/transcript\/share\/([^/?#]{1,200})$/;

type CertSpec = [name: string, exam: string, earnedDaysAgo: number, expiresInDays: number | null];
const CERT = {
  az104: ['Microsoft Certified: Azure Administrator Associate', 'AZ-104', 'Microsoft Azure Administrator'],
  az305: [
    'Microsoft Certified: Azure Solutions Architect Expert',
    'AZ-305',
    'Designing Microsoft Azure Infrastructure Solutions',
  ],
  az700: [
    'Microsoft Certified: Azure Network Engineer Associate',
    'AZ-700',
    'Designing and Implementing Microsoft Azure Networking Solutions',
  ],
  az400: [
    'Microsoft Certified: DevOps Engineer Expert',
    'AZ-400',
    'Designing and Implementing Microsoft DevOps Solutions',
  ],
  md102: ['Microsoft 365 Certified: Endpoint Administrator Associate', 'MD-102', 'Endpoint Administrator'],
  ms102: ['Microsoft 365 Certified: Enterprise Administrator Expert', 'MS-102', 'Microsoft 365 Administrator'],
  ms900: ['Microsoft 365 Certified: Fundamentals', 'MS-900', 'Microsoft 365 Fundamentals'],
  az900: ['Microsoft Certified: Azure Fundamentals', 'AZ-900', 'Microsoft Azure Fundamentals'],
  sc300: [
    'Microsoft Certified: Identity and Access Administrator Associate',
    'SC-300',
    'Microsoft Identity and Access Administrator',
  ],
  sc200: [
    'Microsoft Certified: Security Operations Analyst Associate',
    'SC-200',
    'Microsoft Security Operations Analyst',
  ],
  az500: ['Microsoft Certified: Azure Security Engineer Associate', 'AZ-500', 'Microsoft Azure Security Technologies'],
  sc100: ['Microsoft Certified: Cybersecurity Architect Expert', 'SC-100', 'Microsoft Cybersecurity Architect'],
  ms700: ['Microsoft 365 Certified: Teams Administrator Associate', 'MS-700', 'Managing Microsoft Teams'],
  dp600: [
    'Microsoft Certified: Fabric Analytics Engineer Associate',
    'DP-600',
    'Implementing Analytics Solutions Using Microsoft Fabric',
  ],
} as const;
type CertKey = keyof typeof CERT;

interface Person {
  userName: string;
  displayName: string;
  contactEmail: string;
  legalName: string;
  mcid: string;
  /** [cert, earned days ago, expires in days (negative: expired; null: never)] */
  certs: [CertKey, number, number | null][];
}

const PEOPLE: Record<Exclude<keyof typeof DEV_SHARE_IDS, 'unshared' | 'slow' | 'sixty'>, Person> = {
  adele: {
    userName: 'adelevance-4821',
    displayName: 'Adele V.',
    contactEmail: 'adele.v@outlook.com',
    legalName: 'Adele Margaret Vance',
    mcid: '990011223',
    certs: [
      ['az104', 200, 165 + 200],
      ['az305', 300, 90],
      ['md102', 800, -40],
      ['ms900', 900, null],
    ],
  },
  alex: {
    userName: 'alexwilber',
    displayName: 'Alex W.',
    contactEmail: 'alexw@hotmail.com',
    legalName: 'Alexander James Wilber',
    mcid: '990011224',
    certs: [
      ['az104', 100, 265],
      ['az700', 340, 20],
      ['az400', 30, 335],
      ['az900', 1200, null],
    ],
  },
  megan: {
    userName: 'meganb',
    displayName: 'Megan B.',
    contactEmail: 'megan.bowen@outlook.com',
    legalName: 'Megan Rose Bowen',
    mcid: '990011225',
    certs: [
      ['ms102', 50, 315],
      ['md102', 150, 215],
      ['sc300', 500, -135],
      ['ms700', 700, -300],
    ],
  },
  lee: {
    userName: 'leegu',
    displayName: 'Lee G.',
    contactEmail: 'gamer.lee@live.com',
    legalName: 'Lee Min Gu',
    mcid: '990011226',
    certs: [
      ['az500', 60, 305],
      ['sc200', 120, 245],
      ['sc100', 10, 355],
    ],
  },
  someoneElse: {
    userName: 'nestorw',
    displayName: 'Nestor W.',
    contactEmail: 'nestor.wilke@gmail.example',
    legalName: 'Nestor Paul Wilke',
    mcid: '990011227',
    certs: [
      ['dp600', 80, 285],
      ['az104', 90, 275],
    ],
  },
};

function iso(now: Date, days: number): string {
  return new Date(now.getTime() + days * DAY).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function credentialNumber(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex').toUpperCase();
  return `${h.slice(0, 6)}-${h.slice(6, 12)}`;
}

function build(person: Person, now: Date, certs: CertSpec[]): LearnTranscriptJson {
  const toJson = ([name, exam, earned, expires]: CertSpec): LearnCertificationJson => ({
    name,
    certificationNumber: credentialNumber(`${person.mcid}/${exam}/${earned}`),
    status: expires !== null && expires < 0 ? 'Expired' : 'Active',
    dateEarned: iso(now, -earned),
    ...(expires === null ? {} : { expiration: iso(now, expires) }),
  });
  const active = certs.filter(([, , , e]) => e === null || e >= 0).map(toJson);
  const historical = certs.filter(([, , , e]) => e !== null && e < 0).map(toJson);
  const exams = certs.map(([name, exam, earned]) => ({
    examTitle: name.replace(/^.*?: /, ''),
    examNumber: exam,
    examDateTaken: iso(now, -earned - 1),
  }));
  const modules = Array.from({ length: 12 }, (_, i) => ({
    uid: `learn.module-${i}`,
    title: `Module ${i + 1}`,
    durationInMinutes: 30 + i,
    completedOn: iso(now, -i * 7),
  }));
  return {
    userName: person.userName,
    userDisplayName: person.displayName,
    contactEmail: person.contactEmail,
    totalModulesCompleted: modules.length,
    totalLearningPathsCompleted: 1,
    modulesCompleted: modules,
    learningPathsCompleted: [{ uid: 'learn.path-1', title: 'Learning path 1', completedOn: iso(now, -30) }],
    trophies: [{ uid: 'learn.path-1', title: 'Learning path 1', awardedOn: iso(now, -30) }],
    certificationData: {
      legalName: person.legalName,
      mcid: person.mcid,
      totalActiveCertifications: active.length,
      totalHistoricalCertifications: historical.length,
      totalExamsPassed: exams.length,
      totalQualificationsEarned: 0,
      activeCertifications: active,
      historicalCertifications: historical,
      passedExams: exams,
      qualifications: [],
    },
  };
}

const specs = (person: Person): CertSpec[] =>
  person.certs.map(([key, earned, expires]) => [CERT[key][0], CERT[key][1], earned, expires]);

/** 60 certifications: 40 active (10 of them expiring within 6 months), 5 Fundamentals, 15 expired. */
function sixty(now: Date): LearnTranscriptJson {
  const keys = Object.keys(CERT) as CertKey[];
  const certs: CertSpec[] = Array.from({ length: 60 }, (_, i) => {
    const [name, exam] = CERT[keys[i % keys.length] as CertKey];
    const expires = i < 30 ? 200 + i : i < 40 ? 10 + i * 4 : i < 45 ? null : -(10 + i);
    return [`${name} (${i + 1})`, exam, 400 - i, expires];
  });
  return build(PEOPLE.adele, now, certs);
}

export class LearnStandIn {
  private readonly now: () => Date;
  private readonly log: (line: string) => void;
  private readonly extra = new Map<string, LearnTranscriptJson>();
  private readonly unshared = new Set<string>([DEV_SHARE_IDS.unshared]);
  private readonly calls = new Map<string, number>();
  private server: http.Server | undefined;
  mode: LearnMode = 'up';
  /** Retry-After (seconds) sent in 'throttled' mode. */
  retryAfterSeconds = 1;
  slowDelayMs: number;

  constructor(options: LearnStandInOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.slowDelayMs = options.slowDelayMs ?? 8000;
    this.log = options.log ?? (() => undefined);
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = http.createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  /** The JSON a share id answers with now (tests grep the product for its PII). */
  transcript(shareId: string): LearnTranscriptJson | undefined {
    if (this.unshared.has(shareId)) return undefined;
    const extra = this.extra.get(shareId);
    if (extra) return extra;
    const now = this.now();
    if (shareId === DEV_SHARE_IDS.slow) return build(PEOPLE.adele, now, specs(PEOPLE.adele));
    if (shareId === DEV_SHARE_IDS.sixty) return sixty(now);
    const key = (Object.keys(PEOPLE) as (keyof typeof PEOPLE)[]).find((k) => DEV_SHARE_IDS[k] === shareId);
    return key ? build(PEOPLE[key], now, specs(PEOPLE[key])) : undefined;
  }

  /** Serve `transcript` for `shareId` (tests). */
  share(shareId: string, transcript: LearnTranscriptJson): void {
    this.unshared.delete(shareId);
    this.extra.set(shareId, transcript);
  }

  /** The person stopped sharing: 404 from now on. */
  unshare(shareId: string): void {
    this.unshared.add(shareId);
  }

  /** How many requests reached the stand-in for `shareId`. */
  requestCount(shareId: string): number {
    return this.calls.get(shareId) ?? 0;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET' && path === '/') return this.index(res);
    const match = PATH.exec(path);
    if (req.method !== 'GET' || !match) return this.send(res, 404, { error: 'not found' });
    const shareId = decodeURIComponent(match[1] ?? '');
    this.calls.set(shareId, (this.calls.get(shareId) ?? 0) + 1);
    if (this.mode === 'unreachable') {
      req.socket.destroy();
      return;
    }
    if (this.mode === 'down') return this.send(res, 503, { error: 'Service Unavailable' });
    if (this.mode === 'throttled')
      return this.send(res, 429, { error: 'Too Many Requests' }, { 'retry-after': String(this.retryAfterSeconds) });
    const transcript = this.transcript(shareId);
    if (!transcript)
      return this.send(res, 404, { errorCode: 'NotFound', message: 'Transcript not found or no longer shared.' });
    const body =
      this.mode === 'wrong-shape'
        ? {
            certificationData: {
              activeCertifications: 'not a list',
              legalName: transcript.certificationData?.legalName,
            },
          }
        : transcript;
    if (shareId === DEV_SHARE_IDS.slow) {
      const timer = setTimeout(() => this.send(res, 200, body), this.slowDelayMs);
      res.once('close', () => clearTimeout(timer));
      return;
    }
    this.send(res, 200, body);
  }

  /** GET /: the dev share links, to paste in the chat (the README's "Certifications" lists them too). */
  private index(res: http.ServerResponse): void {
    const rows = DEV_SHARE_LINKS.map(
      (l) => `<tr><td>${l.who}</td><td><code>${l.link}</code></td><td>${l.what}</td></tr>`,
    ).join('');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': "default-src 'none'" });
    res.end(
      `<!doctype html><meta charset="utf-8"><title>Learn stand-in</title><h1>Learn stand-in: transcript share links</h1><p>Paste one in your 1:1 chat with Partner Link after associating the Microsoft Learning account.</p><table>${rows}</table>`,
    );
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    if (res.destroyed) return;
    // The share id is a secret even here: the log names the status only.
    this.log(`learn stand-in: transcript request → ${status}`);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }
}
