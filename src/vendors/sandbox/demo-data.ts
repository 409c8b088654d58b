// Deterministic demo data for the sandbox vendor, tests and benchmarks: a seeded PRNG, never Math.random.
import type { Contact, Customer, CustomFieldDefinition, CustomFieldValue } from '../../domain/index.js';

export interface DemoData {
  customers: Customer[];
  contacts: Contact[];
  customFieldDefinitions: CustomFieldDefinition[];
}

export interface DemoDataOptions {
  /** Same seed, same data: tests and benchmarks rely on it. */
  seed?: number;
  /** How many customers in all, the named ones included (at least the named ones are always made). */
  customers?: number;
  /** Contacts per generated customer as [min, max]; `false` makes none (big benchmark sets). */
  contactsPerCustomer?: readonly [number, number] | false;
}

export const DEMO_CUSTOM_FIELDS: readonly CustomFieldDefinition[] = [
  {
    name: 'Contract type',
    type: 'options',
    options: ['Managed', 'Break-fix', 'Project'],
    target: 'customer',
  },
  { name: 'Monthly fee', type: 'number', options: [], target: 'customer' },
  { name: 'Onboarded', type: 'date', options: [], target: 'customer' },
  { name: 'Managed backup', type: 'boolean', options: [], target: 'customer' },
  { name: 'Account manager', type: 'text', options: [], target: 'customer' },
];

/** Ids of the hand-made records, so tests can name them instead of guessing. */
export const DEMO_IDS = {
  acme: '1001',
  acmeCorpDot: '1002',
  acmeIndustries: '1003',
  cafeMuller: '1004',
  societeGenerale: '1005',
  evil: '1006',
  ampersand: '1007',
  bigCustomer: '1008',
  janeDoe: '500001',
} as const;

export const SANDBOX_URL = 'https://sandbox.example.com';

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

function isoDate(random: Random, fromYear: number, toYear: number): string {
  const ms = Date.UTC(fromYear, 0, 1) + random() * (Date.UTC(toYear, 0, 1) - Date.UTC(fromYear, 0, 1));
  return new Date(Math.floor(ms / 1000) * 1000).toISOString();
}

function customFieldValues(random: Random): Record<string, CustomFieldValue> {
  const values: Record<string, CustomFieldValue> = {};
  if (random() < 0.9) values['Contract type'] = pick(random, ['Managed', 'Managed', 'Break-fix', 'Project']);
  if (random() < 0.8) values['Monthly fee'] = int(random, 2, 60) * 50;
  if (random() < 0.7) values.Onboarded = isoDate(random, 2015, 2025).slice(0, 10);
  if (random() < 0.8) values['Managed backup'] = random() < 0.6;
  if (random() < 0.85) values['Account manager'] = pick(random, MANAGERS);
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

interface CustomerSeed {
  name: string;
  domain?: string | null;
  phone?: string;
  notes?: string;
  contacts?: number;
}

/** Records a human would type into a search box, plus the awkward ones every view must survive. */
function namedSeeds(random: Random): CustomerSeed[] {
  return [
    { name: 'Acme Corporation', domain: 'acme.com', phone: '+1 (555) 010-0100', contacts: 3 },
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
    { name: 'Globex International', domain: 'globex.com', contacts: 200, notes: longNote(random, 5000) },
  ];
}

function makeCustomer(id: number, seed: CustomerSeed, random: Random): Customer {
  const [city, state, country] = pick(random, CITIES);
  const domain = seed.domain === undefined ? `${slug(seed.name)}.${pick(random, TLDS)}` : seed.domain;
  const createdAt = isoDate(random, 2018, 2025);
  return {
    id: String(id),
    name: seed.name,
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
    email: domain ? `info@${domain}` : null,
    links: domain ? [`https://www.${domain}`] : [],
    notes: seed.notes ?? (random() < 0.4 ? pick(random, NOTE_LINES) : null),
    referredBy: random() < 0.1 ? pick(random, ['Google', 'A friend', 'Trade show']) : null,
    customFields: customFieldValues(random),
    createdAt,
    modifiedAt: createdAt,
    url: `${SANDBOX_URL}/customers/${id}`,
  };
}

function makeContact(id: number, customer: Customer, isPrimary: boolean, random: Random): Contact {
  const firstName = pick(random, FIRST_NAMES);
  const lastName = pick(random, LAST_NAMES);
  const domain = customer.domains[0];
  const local = `${slug(firstName)}.${slug(lastName)}`;
  const email =
    domain && random() < 0.9 ? `${local}${random() < 0.1 ? int(random, 2, 9) : ''}@${domain}` : null;
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
    createdAt: customer.createdAt,
    url: `${SANDBOX_URL}/contacts/${id}`,
  };
}

function generatedName(random: Random): string {
  const first = pick(random, NAME_WORDS);
  const shape = random();
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

/** The sandbox's world: ~300 customers by default, the hand-made ones first with stable ids. */
export function generateDemoData(options: DemoDataOptions = {}): DemoData {
  const random = createPrng(options.seed ?? 42);
  const total = options.customers ?? 300;
  const perCustomer = options.contactsPerCustomer ?? [1, 8];
  const customers: Customer[] = [];
  const contacts: Contact[] = [];
  let contactId = Number(DEMO_IDS.janeDoe);

  const addContacts = (customer: Customer, count: number, firstIsPrimary = true) => {
    for (let i = 0; i < count; i++) {
      contacts.push(makeContact(contactId++, customer, firstIsPrimary && i === 0, random));
    }
  };

  const seeds = namedSeeds(random);
  let customerId = Number(DEMO_IDS.acme);
  for (const seed of seeds) {
    const customer = makeCustomer(customerId++, seed, random);
    customers.push(customer);
    if (customer.id === DEMO_IDS.acme) {
      // The well-known contact every story and test can count on.
      contacts.push({
        ...makeContact(contactId++, customer, true, random),
        firstName: 'Jane',
        lastName: 'Doe',
        fullName: 'Jane Doe',
        email: 'jane@acme.com',
        phone: '+1 (555) 010-0101',
        title: 'Office Manager',
      });
      addContacts(customer, (seed.contacts ?? 1) - 1, false);
    } else if (perCustomer !== false || seed.contacts) {
      addContacts(customer, seed.contacts ?? int(random, 1, 3));
    }
  }
  while (customers.length < total) {
    const customer = makeCustomer(customerId++, { name: generatedName(random) }, random);
    customers.push(customer);
    if (perCustomer !== false) addContacts(customer, int(random, perCustomer[0], perCustomer[1]));
  }
  return { customers, contacts, customFieldDefinitions: DEMO_CUSTOM_FIELDS.map((d) => ({ ...d })) };
}
