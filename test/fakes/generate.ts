// Deterministic, realistic MSP customers and contacts (seeded PRNG) for the fake vendors and benchmarks.

/** A contact in vendor-neutral test terms; each fake converts it to its own wire format. */
export interface FakeContactSeed {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string | null;
  mobile?: string | null;
  title?: string | null;
  isPrimary?: boolean;
  notes?: string | null;
  /** Postal address, for vendors that keep one per contact (Syncro, Autotask). */
  address?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  /** Not live (Atera `Archived`, Autotask inactive); a fake without the notion keeps the contact live. */
  archived?: boolean;
  /** Atera's `InIgnoreMode`; other fakes ignore it. */
  ignored?: boolean;
  /** Contact custom values by field name, for vendors that have them. */
  customFields?: Record<string, string | number | boolean>;
}

/** A customer in vendor-neutral test terms, with its contacts and custom field values. */
export interface FakeCustomerSeed {
  /** The business name, or the person's full name when `kind` is 'person'. */
  name: string;
  /** A residential customer (Syncro: no business name, a first and last name); default 'business'. */
  kind?: 'business' | 'person';
  /** The person on the record (a residential customer's own name); fakes split `name` when absent. */
  firstName?: string | null;
  lastName?: string | null;
  domain?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  country?: string | null;
  notes?: string | null;
  customFields?: Record<string, string | number | boolean>;
  contacts?: FakeContactSeed[];
}

export interface FakeCustomFieldSeed {
  name: string;
  type: 'text' | 'number' | 'date' | 'boolean' | 'options';
  options?: string[];
  /** Whose field it is; default 'customer'. */
  target?: 'customer' | 'contact';
  /** The vendor asks for a value on create (Syncro `/settings` required fields). */
  required?: boolean;
}

/** The custom fields generated customers fill in; fakes that model definitions declare these. */
export const GENERATED_CUSTOM_FIELDS: readonly FakeCustomFieldSeed[] = [
  { name: 'Contract Tier', type: 'options', options: ['Bronze', 'Silver', 'Gold'] },
  { name: 'Account Manager', type: 'text' },
  { name: 'Seats', type: 'number' },
  { name: 'Managed Backup', type: 'boolean' },
  { name: 'Onboarded', type: 'date' },
];

/** Contact custom fields a fake that models contact definitions declares (generated contacts leave them empty). */
export const GENERATED_CONTACT_CUSTOM_FIELDS: readonly FakeCustomFieldSeed[] = [
  { name: 'Badge Number', type: 'text', target: 'contact' },
  { name: 'Preferred Channel', type: 'options', options: ['Email', 'Phone', 'Slack'], target: 'contact' },
];

export interface GenerateOptions {
  customers: number;
  /** Contacts per customer: a fixed number, or [min, max]. Default [1, 4]. */
  contactsPerCustomer?: number | [number, number];
  /** PRNG seed; the same seed gives the same data. */
  seed?: number;
}

/** mulberry32: tiny, fast and good enough for test data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIXES = [
  'Acme',
  'Northwind',
  'Blue Ridge',
  'Summit',
  'Harbor',
  'Pinecrest',
  'Riverside',
  'Oakwood',
  'Granite',
  'Silverline',
  'Evergreen',
  'Lakeshore',
  'Maple',
  'Ironbridge',
  'Sunrise',
  'Redwood',
  'Cedar Park',
  'Brightwater',
  'Falcon',
  'Keystone',
  'Meridian',
  'Orchard',
  'Prairie',
  'Quarry',
  'Sterling',
  'Tidewater',
  'Union',
  'Valley',
  'Westgate',
  'Yellowstone',
  'Zenith',
  'Copperfield',
  'Driftwood',
  'Foxglove',
  'Hillside',
  "O'Brien",
  'Müller',
  'García',
  'Nguyen',
  'Kowalski',
];
const TRADES = [
  'Dental',
  'Family Law',
  'Accounting',
  'Veterinary Clinic',
  'Construction',
  'Architects',
  'Insurance',
  'Realty',
  'Medical Group',
  'Logistics',
  'Manufacturing',
  'Bakery',
  'Auto Repair',
  'Chiropractic',
  'Engineering',
  'Marketing',
  'Pharmacy',
  'Plumbing',
  'Property Management',
  'School District',
];
const SUFFIXES = ['LLC', 'Inc.', 'Ltd', 'Group', 'Partners', 'Co.', '& Sons', 'PC', 'LLP', ''];
const FIRST = [
  'Jane',
  'John',
  'Maria',
  'Wei',
  'Aisha',
  'Carlos',
  'Olivia',
  'Liam',
  'Sofia',
  'Noah',
  'Priya',
  'Mateo',
  'Emma',
  'Lucas',
  'Fatima',
  'Ethan',
  'Chloe',
  'Hiroshi',
  'Mary Ann',
  'Zoë',
  'Seán',
  'Ingrid',
  'Kwame',
];
const LAST = [
  'Doe',
  'Smith',
  'Garcia',
  'Chen',
  'Khan',
  'Rodriguez',
  'Johnson',
  'Williams',
  'Nguyen',
  'Patel',
  'Brown',
  'Müller',
  "O'Connor",
  'Kowalski',
  'Silva',
  'Tanaka',
  'Okafor',
  'Andersson',
  'Dubois',
  'van der Berg',
];
const TITLES = [
  'Office Manager',
  'IT Manager',
  'Owner',
  'CEO',
  'Bookkeeper',
  'Practice Manager',
  'Operations Director',
  'Front Desk',
  null,
];
const STREETS = ['Main St', 'Oak Ave', 'Elm St', 'Market St', 'Industrial Pkwy', 'Harbor Blvd', 'Cedar Ln'];
const CITIES: Array<[string, string, string]> = [
  ['Springfield', 'IL', '62701'],
  ['Portland', 'OR', '97201'],
  ['Austin', 'TX', '73301'],
  ['Denver', 'CO', '80202'],
  ['Columbus', 'OH', '43004'],
  ['Raleigh', 'NC', '27601'],
  ['Madison', 'WI', '53703'],
];
const MANAGERS = ['Alex Tech', 'Sam Support', 'Robin Admin', 'Taylor Ops'];

const slugs = new Map<string, string>();
/** Memoised: the word lists are small, and 50,000 customers would otherwise normalise the same words 250,000 times. */
function slug(text: string): string {
  let known = slugs.get(text);
  if (known === undefined) {
    known = slugify(text);
    slugs.set(text, known);
  }
  return known;
}

function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** Phones in the formats MSPs actually have on file. */
function phone(rand: () => number): string {
  const n = (len: number) => {
    // No leading zero, so numbers look like real area codes and exchanges.
    let digits = String(1 + Math.floor(rand() * 9));
    for (let i = 1; i < len; i++) digits += String(Math.floor(rand() * 10));
    return digits;
  };
  const area = n(3);
  const mid = n(3);
  const end = n(4);
  switch (Math.floor(rand() * 5)) {
    case 0:
      return `(${area}) ${mid}-${end}`;
    case 1:
      return `${area}.${mid}.${end}`;
    case 2:
      return `+1 ${area} ${mid} ${end}`;
    case 3:
      return `${area}${mid}${end}`;
    default:
      return `+44 20 ${n(4)} ${n(4)}`;
  }
}

/** Makes `count` customers quickly (50,000 in well under a second); unique names and domains. */
export function generateCustomers(options: GenerateOptions): FakeCustomerSeed[] {
  const rand = prng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const perCustomer = options.contactsPerCustomer ?? [1, 4];
  const usedNames = new Set<string>();
  const customers: FakeCustomerSeed[] = [];
  for (let i = 0; i < options.customers; i++) {
    let name = [pick(PREFIXES), pick(TRADES), pick(SUFFIXES)].filter(Boolean).join(' ');
    if (usedNames.has(name)) name = `${name} ${i + 1}`;
    usedNames.add(name);
    const domain = `${slug(name).slice(0, 24)}${i}.example`;
    const [city, state, zip] = pick(CITIES);
    const count =
      typeof perCustomer === 'number'
        ? perCustomer
        : perCustomer[0] + Math.floor(rand() * (perCustomer[1] - perCustomer[0] + 1));
    const contacts: FakeContactSeed[] = [];
    for (let c = 0; c < count; c++) {
      const firstName = pick(FIRST);
      const lastName = pick(LAST);
      contacts.push({
        firstName,
        lastName,
        email: `${slug(firstName)}.${slug(lastName)}${c}@${domain}`,
        phone: rand() < 0.8 ? phone(rand) : null,
        mobile: rand() < 0.4 ? phone(rand) : null,
        title: pick(TITLES),
        isPrimary: c === 0,
      });
    }
    const customFields: Record<string, string | number | boolean> = {};
    if (rand() < 0.6) {
      customFields['Contract Tier'] = pick(['Bronze', 'Silver', 'Gold']);
      customFields['Account Manager'] = pick(MANAGERS);
      customFields.Seats = 1 + Math.floor(rand() * 200);
      customFields['Managed Backup'] = rand() < 0.5;
      customFields.Onboarded = `20${10 + Math.floor(rand() * 15)}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    }
    customers.push({
      name,
      domain,
      email: rand() < 0.5 ? `office@${domain}` : null,
      phone: phone(rand),
      address: `${1 + Math.floor(rand() * 9000)} ${pick(STREETS)}`,
      city,
      state,
      zip,
      country: 'United States',
      notes: rand() < 0.2 ? 'After-hours support contract; call the on-call number.' : null,
      customFields,
      contacts,
    });
  }
  return customers;
}
