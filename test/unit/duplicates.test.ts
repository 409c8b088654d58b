// Likely duplicates, judged against rules written here independently of src/operations/duplicates.ts: every
// pair the report lists must be equal once case, accents, punctuation and trailing legal forms are set aside, or
// within the ranking's typo distance, or share a (non free-mail) email domain or a contact email; every planted
// pair is found with its reason; near misses are not. And the report's Block Kit holds for hundreds of pairs.
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../blocks/actions.js';
import { cardValue } from '../../blocks/card-value.js';
import { duplicatesReport, PAIRS_PER_PAGE } from '../../blocks/duplicates-report.js';
import { checkMessage } from '../../blocks/limits.js';
import type { Contact, Customer } from '../../src/domain/index.js';
import { type DuplicatePair, duplicatePairs } from '../../src/operations/duplicates.js';
import { justified, normalise, osa, ruleOf } from '../helpers/duplicate-rules.js';

type Json = Record<string, unknown>;

// ---- Generated data: a seeded PRNG, names far apart, then planted pairs and near misses.

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES =
  'ka lo mi ne ru to va xe zo pi qu bre dan fel gor hal jin kor lum mor nix pol rav sul tor ven wex yor zen'.split(
    ' ',
  );

function customer(id: number, name: string, domain: string | null, extra: Partial<Customer> = {}): Customer {
  return {
    id: String(id),
    name,
    kind: 'business',
    firstName: null,
    lastName: null,
    active: true,
    domains: domain ? [domain] : [],
    businessNumber: null,
    address: null,
    address2: null,
    city: null,
    state: null,
    zip: null,
    country: null,
    phone: null,
    fax: null,
    mobile: null,
    email: domain ? `info@${domain}` : null,
    links: [],
    notes: null,
    referredBy: null,
    customFields: {},
    createdAt: null,
    modifiedAt: null,
    url: null,
    ...extra,
  };
}

function contact(id: number, customerId: string, email: string | null, archived = false): Contact {
  return {
    id: String(id),
    customerId,
    customerName: null,
    firstName: 'Pat',
    lastName: `Person ${id}`,
    fullName: `Pat Person ${id}`,
    email,
    phone: null,
    mobile: null,
    title: null,
    isPrimary: false,
    notes: null,
    address: null,
    city: null,
    state: null,
    zip: null,
    archived,
    ignored: false,
    customFields: {},
    createdAt: null,
    modifiedAt: null,
    url: null,
  };
}

/** A change of `edits` letters in the first word's middle (substitutions, never making it equal again). */
function typo(word: string, edits: number, random: () => number): string {
  const letters = [...word];
  const spots = new Set<number>();
  while (spots.size < edits) spots.add(1 + Math.floor(random() * (letters.length - 2)));
  for (const i of spots) letters[i] = letters[i] === 'y' ? 'w' : 'y';
  return letters.join('');
}

interface World {
  customers: Customer[];
  contacts: Contact[];
  /** Pairs that must be found, with the reason each must give. */
  planted: { a: string; b: string; reason: RegExp }[];
  /** Pairs that must not be listed. */
  misses: { a: string; b: string }[];
}

function generate(count: number, seed: number): World {
  const random = prng(seed);
  const used = new Set<string>();
  const customers: Customer[] = [];
  const contacts: Contact[] = [];
  let id = 1;
  let contactId = 100_000;
  // Base names: three syllables + a three-syllable second word, regenerated until 5 edits from every other.
  const word = () =>
    Array.from({ length: 3 }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)] ?? 'ka').join('');
  const fresh = () => {
    for (;;) {
      const name = `${word()} ${word()}`;
      const key = normalise(name);
      if (used.has(key) || [...used].some((u) => osa(u, key) <= 4)) continue;
      used.add(key);
      return name;
    }
  };
  const add = (name: string, domain: string | null, extra: Partial<Customer> = {}) => {
    const c = customer(id++, name, domain, extra);
    customers.push(c);
    contacts.push(contact(contactId++, c.id, domain ? `person${contactId}@${domain}` : null));
    return c;
  };
  const slug = (name: string) => normalise(name).replace(/ /g, '-');
  for (let i = 0; i < count; i++) {
    const name = fresh();
    add(name, `${slug(name)}.example`);
  }
  const planted: World['planted'] = [];
  const misses: World['misses'] = [];
  const pair = (a: Customer, b: Customer, reason: RegExp) => planted.push({ a: a.id, b: b.id, reason });
  const miss = (a: Customer, b: Customer) => misses.push({ a: a.id, b: b.id });
  for (let k = 0; k < 6; k++) {
    const base = fresh();
    const [first = '', second = ''] = base.split(' ');
    const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
    // Legal forms.
    pair(
      add(`${cap(first)} ${cap(second)}`, `${first}-a.example`),
      add(`${cap(first)} ${cap(second)} Ltd`, `${first}-b.example`),
      /same name/,
    );
    // Case, punctuation and accents.
    const other = fresh();
    const [o1 = '', o2 = ''] = other.split(' ');
    pair(
      add(`${cap(o1)}-${cap(o2)}, Inc.`, `${o1}-c.example`),
      add(`${o1} ${o2}`.toUpperCase(), `${o1}-d.example`),
      /same name/,
    );
    // One typo, two typos; three is a miss.
    const t = fresh();
    const [t1 = '', t2 = ''] = t.split(' ');
    const original = add(`${cap(t1)} ${cap(t2)} GmbH`, `${t1}-e.example`);
    pair(original, add(`${cap(typo(t1, 1, random))} ${cap(t2)}`, `${t1}-f.example`), /one typo/);
    pair(original, add(`${cap(typo(t1, 2, random))} ${cap(t2)}`, `${t1}-g.example`), /2 typos/);
    miss(original, add(`${cap(typo(t1, 3, random))} ${cap(t2)}`, `${t1}-h.example`));
    // A different core behind the same legal form is a miss.
    miss(add(`${cap(fresh())} Corp`, null), add(`${cap(fresh())} Corp`, null));
    // A shared domain with names far apart.
    const shared = `${slug(fresh())}.example`;
    pair(add(fresh(), shared), add(fresh(), shared), /same email domain/);
    // A shared free-mail address as the customer's own email says nothing.
    miss(
      add(fresh(), null, { email: `owner${k}@gmail.com` }),
      add(fresh(), null, { email: `boss${k}@gmail.com` }),
    );
    // A contact email at two customers (a bookkeeper's gmail): a pair; an archived one is not.
    const bookkeeper = `books${k}@gmail.com`;
    const w1 = add(fresh(), `${slug(fresh())}.example`);
    const w2 = add(fresh(), `${slug(fresh())}.example`);
    contacts.push(
      contact(contactId++, w1.id, bookkeeper),
      contact(contactId++, w2.id, bookkeeper.toUpperCase()),
    );
    pair(w1, w2, /a contact with the email/);
    const gone = `left${k}@gmail.com`;
    const a1 = add(fresh(), `${slug(fresh())}.example`);
    const a2 = add(fresh(), `${slug(fresh())}.example`);
    contacts.push(contact(contactId++, a1.id, gone), contact(contactId++, a2.id, gone, true));
    miss(a1, a2);
    // A deactivated twin is not a duplicate to clean up.
    const live = add(`${cap(first)} Holdings`, null);
    miss(live, add(`${cap(first)} Holdings`, null, { active: false }));
  }
  return { customers, contacts, planted, misses };
}

describe('duplicatePairs over names in other scripts and legal forms', () => {
  const reasonsOf = (a: string, b: string) =>
    duplicatePairs([customer(1, a, null), customer(2, b, null)], null).pairs.map((p) => p.reasons.join('; '));

  it('compares names in any script, as the search folds them', () => {
    expect(reasonsOf('Ωμέγα Λογιστική ΑΕ', 'ΩΜΕΓΑ ΛΟΓΙΣΤΙΚΗ ΑΕ')).toEqual([
      expect.stringMatching(/same name/),
    ]);
    expect(reasonsOf('株式会社山田', '株式会社山田')).toEqual([expect.stringMatching(/same name/)]);
    expect(reasonsOf('Ωμέγα Λογιστική', '株式会社山田')).toEqual([]);
  });

  it('sets aside the legal forms the search does, Nordic and Italian ones included', () => {
    expect(reasonsOf('Fjord Shipping AS', 'Fjord Shipping')).toEqual([expect.stringMatching(/same name/)]);
    expect(reasonsOf('Nordlys ApS', 'Nordlys')).toEqual([expect.stringMatching(/same name/)]);
    expect(reasonsOf('Ferrovia Rossi SpA', 'Ferrovia Rossi')).toEqual([expect.stringMatching(/same name/)]);
    expect(reasonsOf('Harper Dental PC', 'Harper Dental')).toEqual([expect.stringMatching(/same name/)]);
  });
});

const key = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);
const pairKey = (p: DuplicatePair) => key(p.a.id, p.b.id);

describe.each([42, 7, 2026])('duplicatePairs over generated data (seed %i)', (seed) => {
  const world = generate(300, seed);
  const report = duplicatePairs(world.customers, world.contacts);
  const byKey = new Map(report.pairs.map((p) => [pairKey(p), p]));
  const byId = new Map(world.customers.map((c) => [c.id, c]));

  it('finds every planted pair, each with its reason', () => {
    for (const planted of world.planted) {
      const found = byKey.get(key(planted.a, planted.b));
      expect(found, `${byId.get(planted.a)?.name} / ${byId.get(planted.b)?.name}`).toBeDefined();
      expect(found?.reasons.join('; ')).toMatch(planted.reason);
    }
  });

  it('lists no pair the rules do not justify, and gives only reasons that hold', () => {
    expect(report.pairs.length).toBeGreaterThanOrEqual(world.planted.length);
    for (const p of report.pairs) {
      const a = byId.get(p.a.id);
      const b = byId.get(p.b.id);
      if (!a || !b) throw new Error(`unknown pair ${p.a.id} ${p.b.id}`);
      const why = justified(a, b, world.contacts);
      expect(why, `${a.name} / ${b.name}: ${p.reasons.join('; ')}`).not.toEqual([]);
      for (const reason of p.reasons) expect(why).toContain(ruleOf(reason));
    }
  });

  it('does not list the near misses: three typos, another core name, free mail, archived contacts, retired twins', () => {
    for (const m of world.misses)
      expect(byKey.has(key(m.a, m.b)), `${byId.get(m.a)?.name} / ${byId.get(m.b)?.name}`).toBe(false);
    expect(report.pairs.some((p) => !byId.get(p.a.id)?.active || !byId.get(p.b.id)?.active)).toBe(false);
    expect(report.customers).toBe(world.customers.filter((c) => c.active).length);
  });

  it('ranks equal names above typos, typos above shared domains', () => {
    const rank = (re: RegExp) => report.pairs.findIndex((p) => re.test(p.reasons.join(';')));
    const lastOf = (re: RegExp) =>
      report.pairs.length - 1 - [...report.pairs].reverse().findIndex((p) => re.test(p.reasons[0] ?? ''));
    expect(lastOf(/same name/)).toBeLessThan(rank(/typo/));
    expect(lastOf(/typo/)).toBeLessThan(rank(/same email domain/));
  });

  it('leaves out a domain most customers share (the MSP’s own), and a pair needs two customers', () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      customer(i + 1, `Unrelated ${'abcdefghijklmnopqrstuvwxyzABCD'[i]}${i * 7919}`, 'msp-itself.example'),
    );
    expect(
      duplicatePairs(many, null).pairs.filter((p) => p.reasons.some((r) => r.includes('msp-itself'))),
    ).toEqual([]);
    const twins = [customer(1, 'Acme Corporation', 'acme.com'), customer(1, 'Acme Corp', 'acme.com')];
    expect(duplicatePairs(twins, null).pairs).toEqual([]);
    expect(duplicatePairs([], []).pairs).toEqual([]);
  });

  it('gives the same digest whatever order the index holds them in, and another once the list changes', () => {
    const shuffled = [...world.customers].reverse();
    expect(duplicatePairs(shuffled, [...world.contacts].reverse()).digest).toBe(report.digest);
    const more = [...world.customers, customer(999_999, `${world.customers[0]?.name ?? ''} LLC`, null)];
    expect(duplicatePairs(more, world.contacts).digest).not.toBe(report.digest);
  });

  it('keeps its reasons for the planted demo-like pairs in plain words', () => {
    const stark = [
      customer(1, 'Stark Industries', 'starkindustries.com'),
      customer(2, 'Stark Industries Ltd', 'stark-industries.co.uk'),
      customer(3, 'Cyberdyne Systems', 'cyberdyne.com'),
      customer(4, 'Cyberdine Systems', 'cyberdine-systems.com'),
      customer(5, 'Café Müller GmbH', 'cafe-mueller.de'),
      customer(6, 'cafe muller', 'cafemuller.example'),
    ];
    const pairs = duplicatePairs(stark, null).pairs.map(
      (p) => `${p.a.name} / ${p.b.name}: ${p.reasons.join('; ')}`,
    );
    expect(pairs).toEqual([
      'Café Müller GmbH / cafe muller: the same name once case, punctuation and legal forms are set aside',
      'Stark Industries / Stark Industries Ltd: the same name once case, punctuation and legal forms are set aside',
      'Cyberdyne Systems / Cyberdine Systems: names one typo apart',
    ]);
  });
});

// ---- The report's view.

/** The fingerprint of the connection the pairs were read from. */
const CONNECTION = '0123456789abcdef';

function reportOf(n: number) {
  const pairs = Array.from({ length: n }, (_, i) => ({
    a: {
      id: String(2 * i + 1),
      name: `Customer <!channel> ${i} ${'x'.repeat(i % 7 === 0 ? 400 : 3)}`,
      domain: `c${i}.example`,
    },
    b: { id: String(2 * i + 2), name: `Customer ${i} Ltd`, domain: null },
    reasons: [
      'the same name once case, punctuation and legal forms are set aside',
      `the same email domain c${i}.example`,
    ],
  }));
  return { pairs, customers: 2 * n, contacts: 5 * n };
}

const blocksOf = (m: { blocks?: unknown[] }) => (m.blocks ?? []) as Json[];
const buttons = (m: { blocks?: unknown[] }) =>
  blocksOf(m).flatMap((b) => ((b.elements as Json[] | undefined) ?? []).filter((e) => e.type === 'button'));
const textOf = (m: unknown) => JSON.stringify(m);

describe('duplicatesReport', () => {
  const view = reportOf(437);
  const pages = Math.ceil(437 / PAIRS_PER_PAGE);

  it('holds Block Kit’s limits on every page of hundreds of pairs, and says how many more there are', () => {
    for (let page = 0; page < pages; page++) {
      const message = duplicatesReport(view, {
        vendorLabel: 'Atera',
        connection: CONNECTION,
        page,
        canDelete: true,
      });
      expect(checkMessage(message), `page ${page}`).toEqual([]);
      const more = 437 - (page + 1) * PAIRS_PER_PAGE;
      if (more > 0) expect(textOf(message)).toContain(`and ${more} more. Page ${page + 1} of ${pages}.`);
      else {
        expect(textOf(message)).not.toContain(' more.');
        expect(textOf(message)).toContain(`Page ${pages} of ${pages}.`);
      }
    }
  });

  it('pages with Next and Previous, numbering pairs across pages, and clamps a page out of range', () => {
    const first = duplicatesReport(view, { vendorLabel: 'Atera', connection: CONNECTION, page: 0 });
    const nav = (m: ReturnType<typeof duplicatesReport>) =>
      buttons(m).filter((b) => String(b.action_id).startsWith(ACTIONS.duplicatesPage));
    expect(nav(first).map((b) => [b.action_id, b.value])).toEqual([[`${ACTIONS.duplicatesPage}_next`, '1']]);
    const middle = duplicatesReport(view, { vendorLabel: 'Atera', connection: CONNECTION, page: 3 });
    expect(nav(middle).map((b) => b.value)).toEqual(['2', '4']);
    expect(textOf(middle)).toContain(`${3 * PAIRS_PER_PAGE + 1}. *Customer`);
    const last = duplicatesReport(view, { vendorLabel: 'Atera', connection: CONNECTION, page: 999 });
    expect(nav(last).map((b) => b.action_id)).toEqual([`${ACTIONS.duplicatesPage}_prev`]);
    expect(textOf(last)).toContain(`Page ${pages} of ${pages}`);
    expect(textOf(last)).toContain(`${437}. *Customer`);
  });

  it('escapes vendor text and keeps action ids unique within each block', () => {
    const message = duplicatesReport(view, {
      vendorLabel: 'Atera',
      connection: CONNECTION,
      page: 0,
      canDelete: true,
    });
    // Slack reads mentions in mrkdwn only (plain_text button labels show them as typed).
    const mrkdwnTexts: string[] = [];
    JSON.stringify(message, (k, v: unknown) => {
      if (k === 'text' && typeof v === 'object' && v !== null && (v as Json).type === 'mrkdwn')
        mrkdwnTexts.push(String((v as Json).text));
      return v;
    });
    expect(mrkdwnTexts.length).toBeGreaterThan(PAIRS_PER_PAGE);
    for (const t of mrkdwnTexts) expect(t).not.toContain('<!channel>');
    expect(textOf(message)).toContain('&lt;!channel&gt;');
    for (const block of blocksOf(message)) {
      const ids = ((block.elements as Json[] | undefined) ?? []).map((e) => e.action_id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('offers Delete only to a reader who may delete, worded as the vendor removes', () => {
    const mayNot = duplicatesReport(view, {
      vendorLabel: 'Atera',
      connection: CONNECTION,
      page: 0,
      canDelete: false,
    });
    expect(buttons(mayNot).filter((b) => String(b.action_id).startsWith(ACTIONS.customerDelete))).toEqual([]);
    expect(buttons(mayNot).filter((b) => String(b.action_id).startsWith(ACTIONS.customerView))).toHaveLength(
      2 * PAIRS_PER_PAGE,
    );
    const may = duplicatesReport(view, {
      vendorLabel: 'Atera',
      connection: CONNECTION,
      page: 0,
      canDelete: true,
    });
    const deletes = buttons(may).filter((b) => String(b.action_id).startsWith(ACTIONS.customerDelete));
    expect(deletes).toHaveLength(PAIRS_PER_PAGE);
    expect(deletes[0]).toMatchObject({
      value: cardValue({ type: 'customer', id: '2', connection: CONNECTION }),
      style: 'danger',
      text: { text: 'Delete Customer 0 Ltd' },
    });
    const autotask = duplicatesReport(view, {
      vendorLabel: 'Autotask',
      connection: CONNECTION,
      page: 0,
      canDelete: true,
      removal: 'deactivate',
    });
    const deactivate = buttons(autotask).find((b) => String(b.action_id).startsWith(ACTIONS.customerDelete));
    expect(deactivate).toMatchObject({ text: { text: 'Deactivate Customer 0 Ltd' } });
    expect(textOf(deactivate)).toContain('Ask to deactivate this customer?');
  });

  it('posted to a channel: in channel, View only, no Next, and points to the command for the rest', () => {
    const posted = duplicatesReport(view, {
      vendorLabel: 'Atera',
      connection: CONNECTION,
      page: 0,
      canDelete: true,
      posted: true,
    });
    expect(posted.response_type).toBe('in_channel');
    expect(checkMessage(posted)).toEqual([]);
    expect(buttons(posted).every((b) => String(b.action_id).startsWith(ACTIONS.customerView))).toBe(true);
    expect(textOf(posted)).toContain('run `/customer duplicates` to see them all');
  });

  it('says so when there are none', () => {
    const none = duplicatesReport(
      { pairs: [], customers: 12, contacts: null },
      { vendorLabel: 'Syncro', connection: CONNECTION, page: 0 },
    );
    expect(textOf(none)).toContain('No likely duplicates among 12 customers in Syncro');
    expect(checkMessage(none)).toEqual([]);
  });
});
