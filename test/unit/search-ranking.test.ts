// What a technician types, and the customer that must come first: a labelled set over the sandbox data.
import { beforeAll, describe, expect, it } from 'vitest';
import { blankCustomer, type Customer } from '../../src/domain/index.js';
import { CustomerIndex } from '../../src/search/index.js';
import { createSandboxClient } from '../../src/vendors/sandbox/client.js';
import { DEMO_IDS } from '../../src/vendors/sandbox/demo-data.js';

type Label = [query: string, expectedTop: string, match?: string];

const LABELLED: Label[] = [
  // exact, case and punctuation
  ['Acme Corporation', 'Acme Corporation', 'exact'],
  ['acme corporation', 'Acme Corporation', 'exact'],
  ['  ACME CORPORATION!! ', 'Acme Corporation', 'exact'],
  ['acme corp', 'Acme Corp.', 'exact'],
  ['Acme Corp.', 'Acme Corp.', 'exact'],
  // typos
  ['acmee corporation', 'Acme Corporation', 'fuzzy'],
  ['acme corporatoin', 'Acme Corporation', 'fuzzy'],
  ['glbex international', 'Globex International', 'fuzzy'],
  ['globex internatoinal', 'Globex International', 'fuzzy'],
  // accents folded both ways
  ['cafe muller', 'Café Müller GmbH', 'exact'],
  ['CAFÉ MÜLLER', 'Café Müller GmbH', 'exact'],
  ['Cafe Müller GmbH', 'Café Müller GmbH', 'exact'],
  ['cafe mueller', 'Café Müller GmbH', 'fuzzy'],
  ['muller', 'Café Müller GmbH', 'word'],
  ['societe generale', 'Société Générale Services', 'prefix'],
  ['Société Générale Services SA', 'Société Générale Services', 'exact'],
  // legal forms and joining words
  ['smith and sons', 'Smith & Sons Plumbing', 'prefix'],
  ['Smith & Sons Plumbing LLC', 'Smith & Sons Plumbing', 'exact'],
  ['industries', 'ACME Industries', 'word'],
  ['evil', '<!channel> Evil <https://x|click>', 'word'],
  // domains in the shapes people paste them
  ['acme.com', 'Acme Corporation', 'domain'],
  ['ACME.COM', 'Acme Corporation', 'domain'],
  ['www.acme.com', 'Acme Corporation', 'domain'],
  ['https://acme.com/x', 'Acme Corporation', 'domain'],
  ['http://www.acme.com:8080/login?next=/', 'Acme Corporation', 'domain'],
  ['mail.acme.com', 'Acme Corporation', 'domain'],
  ['cafe-mueller.de', 'Café Müller GmbH', 'domain'],
  // emails: the contact's customer, else the customer owning the domain
  ['jane@acme.com', 'Acme Corporation', 'email'],
  ['Jane@ACME.com', 'Acme Corporation', 'email'],
  ['somebody.new@acme.com', 'Acme Corporation', 'domain'],
  // phones in any format, compared on their last digits
  ['+1 (555) 010-0100', 'Acme Corporation', 'phone'],
  ['(555) 010-0100', 'Acme Corporation', 'phone'],
  ['+1 555 010 0100', 'Acme Corporation', 'phone'],
  ['555.010.0100', 'Acme Corporation', 'phone'],
  ['5550100100', 'Acme Corporation', 'phone'],
  ['010-0100', 'Acme Corporation', 'phone'],
  ['0030 555 010 0100', 'Acme Corporation', 'phone'],
];

describe('ranking over the sandbox data', () => {
  const index = new CustomerIndex({ client: createSandboxClient(), indexContacts: true });
  beforeAll(() => index.ready());

  it.each(LABELLED)('"%s" finds %s first', (query, expectedTop, match) => {
    const [top] = index.search(query, 5);
    expect(top?.customer.name).toBe(expectedTop);
    if (match) expect(top?.match).toBe(match);
  });

  it('treats a swapped legal form as the same company, ahead of mere prefixes', () => {
    const names = index.search('Acme Inc', 5).map((h) => h.customer.name);
    expect(names.slice(0, 2).sort()).toEqual(['Acme Corp.', 'Acme Corporation']);
    expect(names[2]).toBe('ACME Industries');
  });

  it('lists every Acme for a misspelt "acmee corp", the closest spelling first', () => {
    const names = index.search('acmee corp', 5).map((h) => h.customer.name);
    expect(names[0]).toBe('Acme Corp.');
    expect(names).toContain('Acme Corporation');
  });

  it('finds the customer of a contact by the contact’s phone or name', () => {
    expect(index.search('+1 555 010 0101')[0]?.customer.id).toBe(DEMO_IDS.acme);
    const byPerson = index.search('jane doe', 10);
    expect(byPerson.map((h) => h.customer.id)).toContain(DEMO_IDS.acme);
    expect(byPerson[0]?.match).toBe('contact');
  });

  it('answers nothing for nonsense and blank queries, and suggests near misses loosely', () => {
    expect(index.search('qqqqzzzz')).toEqual([]);
    expect(index.search('   ')).toEqual([]);
    expect(index.search('acme wigdets')).toEqual([]);
    expect(index.suggest('acme wigdets', 3).map((h) => h.customer.name)).toContain('Acme Corporation');
  });

  it('finds contacts by name, email and phone', () => {
    expect(index.searchContacts('jane@acme.com')[0]?.contact.id).toBe(DEMO_IDS.janeDoe);
    expect(index.searchContacts('+1 (555) 010 0101')[0]?.contact.id).toBe(DEMO_IDS.janeDoe);
    const janes = index.searchContacts('jane doe', 20).map((h) => h.contact);
    expect(janes.map((c) => c.fullName)).toContain('Jane Doe');
    expect(janes[0]?.isPrimary).toBe(true);
  });
});

describe('tier order on hand-made names', () => {
  const names = [
    'Northwind Traders',
    'Northwind Traders Europe',
    'Blue Northwind Ltd',
    'Northwindow Glass',
    'Southwind Traders',
    'Traders of Northwind',
  ];
  const data = {
    customers: names.map((name, i): Customer => blankCustomer(String(i + 1), name)),
    contacts: [],
    customFieldDefinitions: [],
  };
  const index = new CustomerIndex({ client: createSandboxClient({ data }) });
  beforeAll(() => index.ready());

  it('puts exact before prefix before whole word before a word start', () => {
    const hits = index.search('northwind', 10);
    expect(hits.map((h) => [h.customer.name, h.match])).toEqual([
      ['Northwind Traders', 'prefix'],
      ['Northwind Traders Europe', 'prefix'],
      ['Northwindow Glass', 'prefix'],
      ['Blue Northwind Ltd', 'word'],
      ['Traders of Northwind', 'word'],
    ]);
    expect(index.search('northwind traders', 10).map((h) => [h.customer.name, h.match])).toEqual([
      ['Northwind Traders', 'exact'],
      ['Northwind Traders Europe', 'prefix'],
      ['Traders of Northwind', 'word'],
    ]);
  });

  it('only falls back to typos when nothing matches as typed', () => {
    expect(index.search('nortwind traders', 10).map((h) => [h.customer.name, h.match])).toEqual([
      ['Northwind Traders', 'fuzzy'],
      ['Traders of Northwind', 'fuzzy'],
      ['Northwind Traders Europe', 'fuzzy'],
    ]);
  });

  it('does not guess at short words, where one letter makes another company', () => {
    expect(index.search('blu', 10).map((h) => h.customer.name)).toEqual(['Blue Northwind Ltd']);
    expect(index.search('blx', 10)).toEqual([]);
  });
});
