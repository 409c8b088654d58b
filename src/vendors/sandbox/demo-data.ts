// Deterministic demo data for the sandbox vendor, tests and benchmarks: a seeded PRNG, never Math.random.
import type { Contact, Customer, CustomFieldDefinition, CustomFieldValue } from '../../domain/index.js';
import { boundedDistance } from '../../search/distance.js';
import { bareNameKey, NearNameIndex, nameKey } from './near-names.js';

/** A ticket at a customer; only open ones count towards a delete's impact. */
export interface DemoTicket {
  id: string;
  customerId: string;
  title: string;
  status: 'open' | 'closed';
  createdAt: string;
}

/** A managed device (an agent or asset) at a customer. */
export interface DemoDevice {
  id: string;
  customerId: string;
  name: string;
}

/** A service contract with a customer. */
export interface DemoContract {
  id: string;
  customerId: string;
  title: string;
}

export interface DemoData {
  customers: Customer[];
  contacts: Contact[];
  customFieldDefinitions: CustomFieldDefinition[];
  /** Records related to customers, for the delete impact and the archive; absent means none. */
  tickets?: DemoTicket[];
  devices?: DemoDevice[];
  contracts?: DemoContract[];
}

export interface DemoDataOptions {
  /** Same seed, same data: tests and benchmarks rely on it. */
  seed?: number;
  /** How many customers in all, the named ones included (at least the named ones are always made). */
  customers?: number;
  /** Contacts per generated customer as [min, max]; `false` makes none (big benchmark sets). */
  contactsPerCustomer?: readonly [number, number] | false;
}

export const SANDBOX_URL = 'https://sandbox.example.com';

/** Every type a form must render, on customers; a few on contacts (the sandbox sends those inline too). */
export const DEMO_CUSTOM_FIELDS: readonly CustomFieldDefinition[] = [
  {
    name: 'Contract type',
    type: 'options',
    options: ['Managed', 'Break-fix', 'Project'],
    target: 'customer',
    required: false,
    source: 'definitions',
  },
  {
    name: 'Monthly fee',
    type: 'number',
    options: [],
    target: 'customer',
    required: false,
    source: 'definitions',
  },
  {
    name: 'Onboarded',
    type: 'date',
    options: [],
    target: 'customer',
    required: false,
    source: 'definitions',
  },
  {
    name: 'Managed backup',
    type: 'boolean',
    options: [],
    target: 'customer',
    required: false,
    source: 'definitions',
  },
  {
    name: 'Account manager',
    type: 'text',
    options: [],
    target: 'customer',
    required: false,
    source: 'definitions',
  },
  {
    name: 'Services',
    type: 'multi',
    options: ['Backup', 'Email security', 'Endpoint protection', 'Firewall', 'Microsoft 365', 'VoIP'],
    target: 'customer',
    required: false,
    source: 'definitions',
  },
  {
    name: 'Preferred channel',
    type: 'options',
    options: ['Email', 'Phone', 'Text message'],
    target: 'contact',
    required: false,
    source: 'definitions',
  },
  {
    name: 'VPN access',
    type: 'boolean',
    options: [],
    target: 'contact',
    required: false,
    source: 'definitions',
  },
  {
    name: 'Badge number',
    type: 'text',
    options: [],
    target: 'contact',
    required: false,
    source: 'definitions',
  },
];

/**
 * Ids of the hand-made records, so tests can name them instead of guessing. The same for every seed and size:
 * named customers come first, and the named contacts before any generated one.
 */
export const DEMO_IDS = {
  /** Three live contacts plus an archived and an ignored one, open tickets, devices and a contract. */
  acme: '1001',
  /** A legal-suffix duplicate of Acme Corporation ("Acme Corp." / "Acme Corporation" are both "acme"). */
  acmeCorpDot: '1002',
  acmeIndustries: '1003',
  cafeMuller: '1004',
  societeGenerale: '1005',
  evil: '1006',
  ampersand: '1007',
  /** Globex International: 200 contacts and a 5,000-character note. */
  bigCustomer: '1008',
  /** Duplicates by legal suffix: "Stark Industries" / "Stark Industries Ltd". */
  stark: '1009',
  starkLtd: '1010',
  /** Duplicates by case and punctuation: "Wayne Enterprises, Inc." / "wayne enterprises". */
  wayneInc: '1011',
  wayneLower: '1012',
  /** Duplicates by a typo: "Cyberdyne Systems" / "Cyberdine Systems". */
  cyberdyne: '1013',
  cyberdine: '1014',
  /** Duplicates by a shared email domain (dundermifflin.com), names far apart. */
  dunderMifflin: '1015',
  sabre: '1016',
  /** Duplicates by a contact email used at both (an outside bookkeeper's gmail address), names far apart. */
  wonka: '1017',
  vandelay: '1018',
  janeDoe: '500001',
  /** Peter Gibbons at Acme: archived (left the company). */
  archivedContact: '500002',
  /** The office scanner's mailbox at Acme: ignored (its mail opens no tickets). */
  ignoredContact: '500003',
  /** Morgan Blake, the same email at Wonka and at Vandelay. */
  sharedEmailAtWonka: '500004',
  sharedEmailAtVandelay: '500005',
} as const;

/** The addresses the duplicate pairs share, so tests can name them too. */
export const DEMO_SHARED = {
  domain: 'dundermifflin.com',
  contactEmail: 'morgan.blake.books@gmail.com',
} as const;

/** Every generated record was made and last changed before this; anything later is a write. */
export const DEMO_EPOCH = '2025-07-01T00:00:00.000Z';

/**
 * How far apart (in edits, after `nameKey`) any two customer names are, unless made a duplicate on purpose:
 * further than the duplicate report's typo distance, so it finds only the pairs above.
 */
export const DEMO_NAME_DISTANCE = 4;

/**
 * Up to this many customers, every two names are `DEMO_NAME_DISTANCE` apart. Past it (benchmark sets) names
 * are only distinct and far from the named ones: keeping 50,000 word-built names apart pairwise takes most of a
 * minute, and no benchmark reads duplicates.
 */
export const DEMO_NAME_DISTANCE_LIMIT = 2_000;

/** mulberry32: tiny, fast and good enough to make demo data look random while staying reproducible. */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_NAMES = [
  'Jane',
  'John',
  'Maria',
  'Ahmed',
  'Wei',
  'Olga',
  'Liam',
  'Sofia',
  'Noah',
  'Emma',
  'Lucas',
  'Chloé',
  'Mateo',
  'Aisha',
  'Hiroshi',
  'Priya',
  'Lars',
  'Zoë',
  'Tomás',
  'Fatima',
  'Björn',
  'Ines',
  'Kwame',
  'Mei',
  'Oliver',
  'Grace',
  'Diego',
  'Hannah',
  'Ravi',
  'Elena',
  'Sean',
  'Amélie',
  'Yusuf',
  'Nora',
  'Pavel',
  'Lena',
];
const LAST_NAMES = [
  'Doe',
  'Smith',
  'García',
  'Khan',
  'Chen',
  'Ivanova',
  "O'Brien",
  'Rossi',
  'Müller',
  'Nguyen',
  'Dubois',
  'Kowalski',
  'Tanaka',
  'Patel',
  'Johansson',
  'Okafor',
  'Silva',
  'Schmidt',
  'Jensen',
  'Novak',
  'Fernández',
  'Murphy',
  'Kim',
  'Haddad',
  'Larsen',
  'Costa',
  'Meyer',
  'Andersson',
  'Brown',
  'Wilson',
  'Taylor',
  'Lee',
];
const NAME_WORDS = [
  'Northwind',
  'Contoso',
  'Fabrikam',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Wonka',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Hooli',
  'Vandelay',
  'Dunder',
  'Pied',
  'Blue',
  'Red',
  'Green',
  'Silver',
  'Golden',
  'Summit',
  'Harbor',
  'Maple',
  'Oak',
  'Cedar',
  'Pine',
  'River',
  'Lake',
  'Valley',
  'Ridge',
  'Prairie',
  'Atlas',
  'Apex',
  'Vertex',
  'Nimbus',
  'Orion',
  'Polaris',
  'Zenith',
  'Horizon',
  'Pioneer',
  'Frontier',
  'Liberty',
  'Eagle',
  'Falcon',
  'Hawk',
  'Lion',
  'Bear',
  'Wolf',
  'Fox',
  'Otter',
  'Heron',
  'Crescent',
  'Keystone',
  'Cornerstone',
  'Bridge',
  'Beacon',
  'Lighthouse',
  'Anchor',
  'Compass',
  'Meridian',
  'Granite',
  'Copper',
  'Iron',
  'Steel',
  'Crystal',
  'Diamond',
  'Emerald',
  'Sapphire',
  'Ruby',
  'Amber',
  'Ivory',
  'Evergreen',
  'Sunrise',
  'Sunset',
  'Coastal',
  'Metro',
  'Urban',
  'Rural',
  'Central',
  'Northern',
  'Southern',
  'Eastern',
  'Western',
  'Pacific',
  'Atlantic',
  'Alpine',
  'Nordic',
  'Celtic',
  'Bavarian',
  'Lakeside',
  'Riverside',
  'Hillside',
  'Brookfield',
  'Fairview',
  'Greenfield',
  'Springfield',
  'Riverdale',
  'Oakwood',
  'Kensington',
  'Chelsea',
  'Brixton',
  'Camden',
  'Dover',
  'Bristol',
  'Lyon',
  'Porto',
  'Bergen',
  'Graz',
  'Delta',
  'Sigma',
  'Omega',
  'Alpha',
  'Quantum',
  'Vector',
  'Pixel',
  'Signal',
  'Circuit',
  'Fusion',
];
const TRADES = [
  'Dental',
  'Legal',
  'Accounting',
  'Plumbing',
  'Logistics',
  'Architects',
  'Bakery',
  'Clinic',
  'Realty',
  'Engineering',
  'Consulting',
  'Manufacturing',
  'Insurance',
  'Pharmacy',
  'Veterinary',
  'Printing',
  'Design',
  'Construction',
  'Foods',
  'Motors',
  'Travel',
  'Solutions',
  'Systems',
  'Partners',
  'Holdings',
  'Labs',
];
const SUFFIXES = [
  'Inc',
  'Inc.',
  'LLC',
  'Ltd',
  'Ltd.',
  'GmbH',
  'Corp',
  'Corp.',
  'Co',
  'Corporation',
  'AG',
  'SA',
  '',
];
const TLDS = ['com', 'com', 'com', 'net', 'io', 'co.uk', 'de', 'fr', 'org'];
const STREETS = [
  'Main St',
  'High Street',
  'Oak Avenue',
  'Hauptstraße',
  'Rue de la Paix',
  'Elm Road',
  'Market St',
];
const CITIES: ReadonlyArray<readonly [string, string | null, string]> = [
  ['Springfield', 'IL', 'US'],
  ['Austin', 'TX', 'US'],
  ['Portland', 'OR', 'US'],
  ['London', null, 'GB'],
  ['Berlin', null, 'DE'],
  ['Paris', null, 'FR'],
  ['Toronto', 'ON', 'CA'],
  ['Sydney', 'NSW', 'AU'],
];
const TITLES = ['Office Manager', 'CEO', 'IT Lead', 'Bookkeeper', 'Owner', 'Practice Manager', null, null];
const MANAGERS = ['Sam Rivera', 'Alex Kim', 'Jordan Lee', 'Taylor Brooks'];

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** "Café Müller GmbH" -> "cafemuller": how a company's web domain usually looks. */
function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(inc|llc|ltd|gmbh|corp|corporation|co|ag|sa)\b\.?/g, '')
    .replace(/[^a-z0-9]+/g, '');
}

/** Fictional 555-01xx numbers written the many ways people really write them. */
function phone(random: Random): string {
  const line = String(int(random, 100, 199)).padStart(4, '0');
  const area = String(int(random, 200, 989));
  switch (int(random, 0, 5)) {
    case 0:
      return `+1 (${area}) 555-${line}`;
    case 1:
      return `${area}-555-${line}`;
    case 2:
      return `(${area}) 555 ${line}`;
    case 3:
      return `${area}.555.${line}`;
    case 4:
      return `+44 20 7946 0${line.slice(1)}`;
    default:
      return `+49 30 5550${line}`;
  }
}

const DAY_MS = 86_400_000;
const EPOCH_MS = Date.parse(DEMO_EPOCH);

function isoDate(random: Random, fromYear: number, toYear: number): string {
  const ms = Date.UTC(fromYear, 0, 1) + random() * (Date.UTC(toYear, 0, 1) - Date.UTC(fromYear, 0, 1));
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

/** A moment up to `days` after `from`, but before the demo epoch: the last edit of a record made at `from`. */
function later(random: Random, from: string, days: number): string {
  const ms = Math.min(Date.parse(from) + Math.floor(random() * days * DAY_MS), EPOCH_MS - DAY_MS);
  return new Date(Math.max(ms, Date.parse(from))).toISOString();
}

const SERVICES = DEMO_CUSTOM_FIELDS.find((d) => d.name === 'Services')?.options ?? [];

function customFieldValues(random: Random): Record<string, CustomFieldValue> {
  const values: Record<string, CustomFieldValue> = {};
  if (random() < 0.9) values['Contract type'] = pick(random, ['Managed', 'Managed', 'Break-fix', 'Project']);
  if (random() < 0.8) values['Monthly fee'] = int(random, 2, 60) * 50;
  if (random() < 0.7) values.Onboarded = isoDate(random, 2015, 2025).slice(0, 10);
  if (random() < 0.8) values['Managed backup'] = random() < 0.6;
  if (random() < 0.85) values['Account manager'] = pick(random, MANAGERS);
  if (random() < 0.6) values.Services = SERVICES.filter(() => random() < 0.4);
  return values;
}

function contactFieldValues(random: Random): Record<string, CustomFieldValue> {
  const values: Record<string, CustomFieldValue> = {};
  if (random() < 0.5) values['Preferred channel'] = pick(random, ['Email', 'Phone', 'Text message']);
  if (random() < 0.4) values['VPN access'] = random() < 0.5;
  if (random() < 0.2) values['Badge number'] = `B-${int(random, 1000, 9999)}`;
  return values;
}

const NOTE_LINES = [
  'Prefers phone over email for anything urgent.',
  'Server room key is with reception.',
  'Backups verified monthly; last restore test passed.',
  'Firewall renewal due in Q3.',
  'VIP: the owner calls the CEO directly.',
  'Printer on 2nd floor is ancient, do not offer to fix it.',
];

function longNote(random: Random, length: number): string {
  let note = '';
  while (note.length < length) note += `${pick(random, NOTE_LINES)} `;
  return note.slice(0, length);
}

const TICKET_TITLES = [
  'Outlook keeps asking for the password',
  'New starter: laptop and accounts',
  'Printer offline',
  'VPN drops every hour',
  'Shared drive full',
  'Phishing email reported',
  'Wi-Fi slow in the meeting room',
  'Leaver: disable accounts',
  'Backup job failed overnight',
  'Teams calls drop audio',
];
const DEVICE_KINDS = ['PC', 'LT', 'SRV', 'NAS', 'FW', 'PRN'];
const CONTRACT_TITLES = [
  'Managed services',
  'Backup and recovery',
  'Microsoft 365 licences',
  'Hardware warranty',
];

/** A contact written by hand, made before any generated one so its id is the same for every seed and size. */
interface ContactSeed {
  firstName: string;
  lastName: string | null;
  email: string;
  phone?: string;
  title?: string;
  isPrimary?: boolean;
  archived?: boolean;
  ignored?: boolean;
  notes?: string;
}

/** What a customer brings with it, beyond contacts; generated at random when absent. */
interface RelatedSeed {
  openTickets: string[];
  closedTickets: string[];
  devices: string[];
  contracts: string[];
}

interface CustomerSeed {
  name: string;
  domain?: string | null;
  /** The customer's own email; `info@<domain>` when absent. */
  email?: string;
  phone?: string;
  notes?: string;
  customFields?: Record<string, CustomFieldValue>;
  contacts?: ContactSeed[];
  /** Generated contacts after the hand-made ones, made even for big sets; absent: 1-3 when contacts are made. */
  extraContacts?: number;
  related?: RelatedSeed;
}

/** Records a human would type into a search box, the duplicate pairs, and the awkward ones every view must survive. */
function namedSeeds(random: Random): CustomerSeed[] {
  return [
    {
      name: 'Acme Corporation',
      domain: 'acme.com',
      phone: '+1 (555) 010-0100',
      customFields: {
        'Contract type': 'Managed',
        'Monthly fee': 1500,
        Onboarded: '2019-04-01',
        'Managed backup': true,
        'Account manager': 'Sam Rivera',
        Services: ['Backup', 'Firewall', 'Microsoft 365'],
      },
      contacts: [
        {
          firstName: 'Jane',
          lastName: 'Doe',
          email: 'jane@acme.com',
          phone: '+1 (555) 010-0101',
          title: 'Office Manager',
          isPrimary: true,
        },
        {
          firstName: 'Peter',
          lastName: 'Gibbons',
          email: 'peter.gibbons@acme.com',
          title: 'Former IT Lead',
          archived: true,
          notes: 'Left in 2024; kept for the ticket history.',
        },
        {
          firstName: 'Office',
          lastName: 'Scanner',
          email: 'scanner@acme.com',
          ignored: true,
          notes: 'The copier’s scan-to-email mailbox: its mail must not open tickets.',
        },
      ],
      extraContacts: 2,
      related: {
        openTickets: ['Printer on 2nd floor offline', 'New starter: laptop for Sam', 'VPN drops every hour'],
        closedTickets: ['Password reset for Jane', 'Replace toner'],
        devices: [
          'ACME-DC01 (Windows Server 2022)',
          'ACME-FS01 (Synology NAS)',
          'ACME-LT-JDOE (Windows 11 laptop)',
          'ACME-FW01 (FortiGate 60F)',
        ],
        contracts: ['Managed services: 25 seats (2025)'],
      },
    },
    { name: 'Acme Corp.', domain: 'acmecorp.net' },
    { name: 'ACME Industries', domain: 'acme-industries.com' },
    { name: 'Café Müller GmbH', domain: 'cafe-mueller.de', phone: '+49 30 5550 0142' },
    { name: 'Société Générale Services', domain: 'sg-services.fr', phone: '+33 1 55 50 01 77' },
    {
      name: '<!channel> Evil <https://x|click>',
      domain: null,
      notes: '<!here> *bold* _it_ `code` & <@U123>',
    },
    { name: 'Smith & Sons Plumbing', domain: 'smithandsons.com' },
    { name: 'Globex International', domain: 'globex.com', extraContacts: 200, notes: longNote(random, 5000) },
    { name: 'Stark Industries', domain: 'starkindustries.com' },
    { name: 'Stark Industries Ltd', domain: 'stark-industries.co.uk' },
    { name: 'Wayne Enterprises, Inc.', domain: 'wayne-enterprises.com' },
    { name: 'wayne enterprises', domain: 'wayneent.net' },
    { name: 'Cyberdyne Systems', domain: 'cyberdyne.com' },
    { name: 'Cyberdine Systems', domain: 'cyberdine-systems.com' },
    { name: 'Dunder Mifflin Paper', domain: DEMO_SHARED.domain },
    { name: 'Sabre Paper Supplies', domain: DEMO_SHARED.domain, email: `orders@${DEMO_SHARED.domain}` },
    { name: 'Wonka Confectionery', domain: 'wonka-sweets.com', contacts: [morganBlake()] },
    { name: 'Vandelay Imports', domain: 'vandelay-imports.com', contacts: [morganBlake()] },
  ];
}

/** An outside bookkeeper who works for two customers under one address. */
function morganBlake(): ContactSeed {
  return {
    firstName: 'Morgan',
    lastName: 'Blake',
    email: DEMO_SHARED.contactEmail,
    title: 'Bookkeeper (external)',
  };
}

function makeCustomer(id: number, seed: CustomerSeed, domain: string | null, random: Random): Customer {
  const [city, state, country] = pick(random, CITIES);
  const createdAt = isoDate(random, 2018, 2025);
  return {
    id: String(id),
    name: seed.name,
    kind: 'business',
    firstName: null,
    lastName: null,
    active: true,
    domains: domain ? [domain] : [],
    businessNumber: random() < 0.3 ? `BN-${int(random, 100000, 999999)}` : null,
    address: `${int(random, 1, 999)} ${pick(random, STREETS)}`,
    address2: random() < 0.2 ? `Suite ${int(random, 100, 900)}` : null,
    city,
    state,
    zip: String(int(random, 10000, 99999)),
    country,
    phone: seed.phone ?? (random() < 0.9 ? phone(random) : null),
    fax: random() < 0.1 ? phone(random) : null,
    mobile: null,
    email: seed.email ?? (domain ? `info@${domain}` : null),
    links: domain ? [`https://www.${domain}`] : [],
    notes: seed.notes ?? (random() < 0.4 ? pick(random, NOTE_LINES) : null),
    referredBy: random() < 0.1 ? pick(random, ['Google', 'A friend', 'Trade show']) : null,
    customFields: seed.customFields ?? customFieldValues(random),
    createdAt,
    modifiedAt: later(random, createdAt, 400),
    url: `${SANDBOX_URL}/customers/${id}`,
  };
}

/** A contact at `customer`; its email is unique at its domain (`taken` holds the local parts in use there). */
function makeContact(
  id: number,
  customer: Customer,
  isPrimary: boolean,
  taken: Set<string>,
  random: Random,
): Contact {
  const firstName = pick(random, FIRST_NAMES);
  const lastName = pick(random, LAST_NAMES);
  const domain = customer.domains[0];
  let local = `${slug(firstName)}.${slug(lastName)}`;
  if (random() < 0.1 || taken.has(local)) {
    let n = 2;
    while (taken.has(`${local}${n}`)) n++;
    local = `${local}${n}`;
  }
  const email = domain && random() < 0.9 ? `${local}@${domain}` : null;
  if (email) taken.add(local);
  const onSite = random() < 0.3;
  const createdAt = later(random, customer.createdAt ?? DEMO_EPOCH, 300);
  return {
    id: String(id),
    customerId: customer.id,
    customerName: customer.name,
    firstName,
    lastName,
    fullName: `${firstName} ${lastName}`,
    email,
    phone: random() < 0.7 ? phone(random) : null,
    mobile: random() < 0.3 ? phone(random) : null,
    title: pick(random, TITLES),
    isPrimary,
    notes: null,
    // Someone who works on site gets the office's address; the rest keep none.
    address: onSite ? customer.address : null,
    city: onSite ? customer.city : null,
    state: onSite ? customer.state : null,
    zip: onSite ? customer.zip : null,
    archived: false,
    ignored: false,
    customFields: contactFieldValues(random),
    createdAt,
    modifiedAt: later(random, createdAt, 200),
    url: `${SANDBOX_URL}/contacts/${id}`,
  };
}

function handMadeContact(id: number, customer: Customer, seed: ContactSeed): Contact {
  return {
    id: String(id),
    customerId: customer.id,
    customerName: customer.name,
    firstName: seed.firstName,
    lastName: seed.lastName,
    fullName: [seed.firstName, seed.lastName].filter(Boolean).join(' '),
    email: seed.email,
    phone: seed.phone ?? null,
    mobile: null,
    title: seed.title ?? null,
    isPrimary: seed.isPrimary ?? false,
    notes: seed.notes ?? null,
    address: null,
    city: null,
    state: null,
    zip: null,
    archived: seed.archived ?? false,
    ignored: seed.ignored ?? false,
    customFields: {},
    createdAt: customer.createdAt,
    modifiedAt: customer.modifiedAt,
    url: `${SANDBOX_URL}/contacts/${id}`,
  };
}

/** A company name from the word lists; `long` asks for the three-word shape, which the lists hold most of. */
function generatedName(random: Random, long: boolean): string {
  const first = pick(random, NAME_WORDS);
  const shape = long ? 0.8 : random();
  const suffix = pick(random, SUFFIXES);
  const core =
    shape < 0.45
      ? `${first} ${pick(random, TRADES)}`
      : shape < 0.75
        ? `${first} ${pick(random, NAME_WORDS)}`
        : shape < 0.9
          ? `${first} ${pick(random, NAME_WORDS)} ${pick(random, TRADES)}`
          : `${first} & ${pick(random, NAME_WORDS)}`;
  return suffix ? `${core} ${suffix}` : core;
}

/** Draws per generated name before giving up: the word lists hold far more names than any set asks for. */
const NAME_ATTEMPTS = 1000;

/**
 * Names no report could take for duplicates of each other: keys `DEMO_NAME_DISTANCE` edits apart, and not the
 * same once the common designators ("Systems", "Holdings") go; the named pairs are the only exceptions.
 */
function distinctNames(named: readonly string[]) {
  const near = new NearNameIndex(DEMO_NAME_DISTANCE);
  const namedKeys = named.map(nameKey);
  const keys = new Set<string>();
  const bare = new Set<string>();
  for (const name of named) {
    near.add(nameKey(name));
    keys.add(nameKey(name));
    bare.add(bareNameKey(name));
  }
  const close = DEMO_NAME_DISTANCE - 1;
  // Past the limit only the named ones are measured against, directly: there are few of them.
  const nearNamed = (key: string) => namedKeys.some((other) => boundedDistance(key, other, close) <= close);
  let made = named.length;
  return (random: Random): string => {
    const pairwise = made < DEMO_NAME_DISTANCE_LIMIT;
    for (let attempt = 0; attempt < NAME_ATTEMPTS; attempt++) {
      // Once a draw or two was taken, the short shapes are filling up: ask for the roomy one.
      const name = generatedName(random, attempt >= 2);
      const key = nameKey(name);
      const bareKey = bareNameKey(name);
      if (keys.has(key) || bare.has(bareKey)) continue;
      if (pairwise ? near.isNear(key) : nearNamed(key)) continue;
      if (pairwise) near.add(key);
      keys.add(key);
      bare.add(bareKey);
      made++;
      return name;
    }
    throw new Error('demo data: the word lists ran out of names far enough apart');
  };
}

/** A web domain of its own for each customer: the first label is never another customer's. */
function distinctDomains(named: readonly (string | null)[]) {
  const label = (domain: string) => domain.split('.')[0] ?? domain;
  const taken = new Set(named.filter((d): d is string => d !== null).map(label));
  return (name: string, random: Random): string => {
    const base = slug(name) || 'customer';
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}${n}`;
    taken.add(candidate);
    return `${candidate}.${pick(random, TLDS)}`;
  };
}

/** Tickets, devices and contracts: what a delete takes with it. Own PRNG, so the customers stay as they were. */
function makeRelated(customers: readonly Customer[], seeds: ReadonlyMap<string, RelatedSeed>, seed: number) {
  const random = createPrng((seed ^ 0x5eed) >>> 0);
  const tickets: DemoTicket[] = [];
  const devices: DemoDevice[] = [];
  const contracts: DemoContract[] = [];
  let ticketId = 70001;
  let deviceId = 80001;
  let contractId = 90001;
  for (const customer of customers) {
    const prefix = (slug(customer.name).slice(0, 6) || 'dev').toUpperCase();
    const related = seeds.get(customer.id) ?? {
      openTickets:
        random() < 0.35 ? Array.from({ length: int(random, 1, 4) }, () => pick(random, TICKET_TITLES)) : [],
      closedTickets: Array.from({ length: int(random, 0, 3) }, () => pick(random, TICKET_TITLES)),
      devices:
        random() < 0.5
          ? Array.from(
              { length: int(random, 1, 12) },
              (_, i) => `${prefix}-${pick(random, DEVICE_KINDS)}${String(i + 1).padStart(2, '0')}`,
            )
          : [],
      contracts: random() < 0.4 ? [pick(random, CONTRACT_TITLES)] : [],
    };
    // Closed ones first, so the open ones are the newer, as on a real helpdesk.
    let openedAt = customer.createdAt ?? DEMO_EPOCH;
    for (const [status, titles] of [
      ['closed', related.closedTickets],
      ['open', related.openTickets],
    ] as const) {
      for (const title of titles) {
        openedAt = later(random, openedAt, 60);
        tickets.push({ id: String(ticketId++), customerId: customer.id, title, status, createdAt: openedAt });
      }
    }
    for (const name of related.devices)
      devices.push({ id: String(deviceId++), customerId: customer.id, name });
    for (const title of related.contracts) {
      contracts.push({ id: String(contractId++), customerId: customer.id, title });
    }
  }
  return { tickets, devices, contracts };
}

/** The sandbox's world: ~300 customers by default, the hand-made ones first with stable ids. */
export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const seed = options.seed ?? 42;
  const random = createPrng(seed);
  const total = options.customers ?? 300;
  const perCustomer = options.contactsPerCustomer ?? [1, 8];
  const customers: Customer[] = [];
  const handMade: Contact[] = [];
  const contacts: Contact[] = [];
  const related = new Map<string, RelatedSeed>();
  let handMadeId = Number(DEMO_IDS.janeDoe);
  const seeds = namedSeeds(random);
  // Hand-made contacts take the first ids, generated ones follow them.
  let contactId = handMadeId + seeds.reduce((n, s) => n + (s.contacts?.length ?? 0), 0);
  const nextName = distinctNames(seeds.map((s) => s.name));
  const nextDomain = distinctDomains(seeds.map((s) => s.domain ?? null));

  // Local parts in use per domain: customers sharing a domain must not share a contact's email by accident.
  const takenByDomain = new Map<string, Set<string>>();
  const takenAt = (customer: Customer) => {
    const domain = customer.domains[0] ?? '';
    const taken = takenByDomain.get(domain) ?? new Set<string>();
    takenByDomain.set(domain, taken);
    return taken;
  };
  const addContacts = (customer: Customer, count: number, primaryTaken: boolean) => {
    const taken = takenAt(customer);
    for (let i = 0; i < count; i++) {
      contacts.push(makeContact(contactId++, customer, !primaryTaken && i === 0, taken, random));
    }
  };

  let customerId = Number(DEMO_IDS.acme);
  for (const seed of seeds) {
    const customer = makeCustomer(customerId++, seed, seed.domain ?? null, random);
    customers.push(customer);
    if (seed.related) related.set(customer.id, seed.related);
    for (const contactSeed of seed.contacts ?? []) {
      handMade.push(handMadeContact(handMadeId++, customer, contactSeed));
      const [local = '', domain = ''] = contactSeed.email.split('@');
      if (domain === customer.domains[0]) takenAt(customer).add(local);
    }
    const primaryTaken = (seed.contacts ?? []).some((c) => c.isPrimary);
    if (seed.extraContacts !== undefined) addContacts(customer, seed.extraContacts, primaryTaken);
    else if (perCustomer !== false) addContacts(customer, int(random, 1, 3), primaryTaken);
  }
  while (customers.length < total) {
    const name = nextName(random);
    const customer = makeCustomer(customerId++, { name }, nextDomain(name, random), random);
    customers.push(customer);
    if (perCustomer !== false) {
      addContacts(customer, int(random, perCustomer[0], perCustomer[1]), false);
    }
  }
  return {
    customers,
    contacts: [...handMade, ...contacts],
    customFieldDefinitions: DEMO_CUSTOM_FIELDS.map((d) => ({ ...d, options: [...d.options] })),
    ...makeRelated(customers, related, seed),
  };
}
