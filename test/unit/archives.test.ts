// Archives as files (the CSV a spreadsheet opens safely, the JSON that recreates), and the audit list's lines
// with "Recreate from archive" offered to admins only, on removals that kept an archive.
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../blocks/actions.js';
import { type AuditLine, auditList, auditText } from '../../blocks/audit-list.js';
import { checkMessage } from '../../blocks/limits.js';
import type { Contact, Customer } from '../../src/domain/index.js';
import {
  type ArchiveContent,
  ArchiveContentSchema,
  archiveCsv,
  archiveFiles,
} from '../../src/operations/archives.js';
import { csvRecords, parseCsv } from '../helpers/csv.js';

type Json = Record<string, unknown>;

const customer = (over: Partial<Customer> = {}): Customer => ({
  id: '42',
  name: 'Acme, "the" Corporation',
  kind: 'business',
  firstName: null,
  lastName: null,
  active: true,
  domains: ['acme.com', 'acme.co.uk'],
  businessNumber: null,
  address: '1 Main St\nSuite 2',
  address2: null,
  city: 'Springfield',
  state: null,
  zip: '12345',
  country: 'US',
  phone: '+1 555 0100',
  fax: null,
  mobile: null,
  email: 'info@acme.com',
  links: [],
  notes: '=HYPERLINK("http://evil.example","click")',
  referredBy: null,
  customFields: {
    'Contract Tier': 'Gold',
    Seats: 12,
    'Managed Backup': true,
    Services: ['Backup', 'Firewall'],
  },
  createdAt: '2020-01-01T00:00:00.000Z',
  modifiedAt: null,
  url: 'https://acme.example/customers/42',
  ...over,
});

const contact = (id: string, over: Partial<Contact> = {}): Contact => ({
  id,
  customerId: '42',
  customerName: null,
  firstName: 'Jane',
  lastName: 'Doe',
  fullName: 'Jane Doe',
  email: `jane${id}@acme.com`,
  phone: null,
  mobile: null,
  title: null,
  isPrimary: false,
  notes: null,
  address: null,
  city: null,
  state: null,
  zip: null,
  archived: false,
  ignored: false,
  customFields: {},
  createdAt: null,
  modifiedAt: null,
  url: null,
  ...over,
});

const content = (over: Partial<ArchiveContent> = {}): ArchiveContent => ({
  version: 1,
  kind: 'customer',
  vendor: 'atera',
  vendorLabel: 'Atera',
  takenAt: '2026-12-01T10:00:00.000Z',
  reason: 'delete',
  customer: customer(),
  contacts: [
    contact('7', { isPrimary: true, customFields: { 'Badge Number': 'B-7' } }),
    contact('8', {
      firstName: '@SUM(A1:A9)',
      lastName: 'Tab',
      fullName: '@SUM(A1:A9) Tab',
      phone: '-1 555',
      title: '+cmd|calc',
      notes: '\tindented',
      archived: true,
      customFields: { 'Preferred Channel': 'Email', 'Badge Number': '=1+1' },
    }),
  ],
  ...over,
});

describe('archiveCsv', () => {
  const csv = archiveCsv(content());
  const [customerRow, jane, tab] = csvRecords(csv);

  it('has a row for the customer and one per contact (archived ones too, marked), under one header', () => {
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)[0]?.slice(0, 3)).toEqual(['record', 'id', 'name']);
    expect([customerRow?.record, jane?.record, tab?.record]).toEqual(['customer', 'contact', 'contact']);
    expect(jane).toMatchObject({
      id: '7',
      customerId: '42',
      email: 'jane7@acme.com',
      isPrimary: 'true',
      archived: 'false',
    });
    expect(tab?.archived).toBe('true');
    expect(customerRow?.domains).toBe('acme.com; acme.co.uk');
  });

  it('quotes commas, quotes and line breaks so every cell reads back as it was', () => {
    expect(csv).toContain('"Acme, ""the"" Corporation"');
    expect(customerRow?.name).toBe('Acme, "the" Corporation');
    expect(customerRow?.address).toBe('1 Main St\nSuite 2');
  });

  it('defuses what a spreadsheet would run as a formula: = + - @ tab and carriage return first', () => {
    expect(customerRow?.notes).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(tab?.firstName).toBe("'@SUM(A1:A9)");
    expect(tab?.phone).toBe("'-1 555");
    expect(tab?.title).toBe("'+cmd|calc");
    expect(tab?.notes).toBe("'\tindented");
    expect(customerRow?.phone).toBe("'+1 555 0100");
    const cr = csvRecords(archiveCsv(content({ customer: customer({ notes: '\r=2+2' }) })))[0];
    expect(cr?.notes).toBe("'\r=2+2");
    // Nothing else is touched.
    expect(customerRow?.city).toBe('Springfield');
    expect(customerRow?.email).toBe('info@acme.com');
  });

  it('gives every custom field a column, the customer’s and the contacts’ apart, values as the vendor held them', () => {
    const header = parseCsv(csv)[0] ?? [];
    expect(header).toEqual(
      expect.arrayContaining([
        'customer field: Contract Tier',
        'customer field: Seats',
        'customer field: Managed Backup',
        'customer field: Services',
        'contact field: Badge Number',
        'contact field: Preferred Channel',
      ]),
    );
    expect(header.filter((h) => h === 'contact field: Badge Number')).toHaveLength(1);
    expect(customerRow).toMatchObject({
      'customer field: Contract Tier': 'Gold',
      'customer field: Seats': '12',
      'customer field: Managed Backup': 'true',
      'customer field: Services': 'Backup; Firewall',
      'contact field: Badge Number': '',
    });
    expect(jane).toMatchObject({ 'contact field: Badge Number': 'B-7', 'customer field: Seats': '' });
    expect(tab).toMatchObject({
      'contact field: Badge Number': "'=1+1",
      'contact field: Preferred Channel': 'Email',
    });
  });

  it('a contact’s archive has its row, and no empty columns for its customer’s fields', () => {
    const one = content({ kind: 'contact', contacts: [contact('7')] });
    const rows = csvRecords(archiveCsv(one));
    expect(rows.map((r) => r.record)).toEqual(['contact']);
    expect((parseCsv(archiveCsv(one))[0] ?? []).some((h) => h.startsWith('customer field:'))).toBe(false);
  });

  it('an archive with no contacts and no custom fields is still a valid file', () => {
    const bare = archiveCsv(content({ customer: customer({ customFields: {} }), contacts: [] }));
    expect(csvRecords(bare)).toHaveLength(1);
  });
});

describe('archiveFiles', () => {
  it('names both files after the record and the day, and the JSON reads back as the archive', () => {
    const files = archiveFiles(
      content({ customer: customer({ name: 'Café Müller & Söhne GmbH / <!channel>' }) }),
    );
    expect(files.baseName).toBe('cafe-muller-sohne-gmbh-channel-2026-12-01');
    expect(ArchiveContentSchema.parse(JSON.parse(files.json)).customer?.name).toBe(
      'Café Müller & Söhne GmbH / <!channel>',
    );
    expect(files.csv).toBe(
      archiveCsv(content({ customer: customer({ name: 'Café Müller & Söhne GmbH / <!channel>' }) })),
    );
    expect(archiveFiles(content({ customer: customer({ name: '!!!' }) })).baseName).toBe(
      'customer-2026-12-01',
    );
    expect(archiveFiles(content({ kind: 'contact', contacts: [contact('7')] })).baseName).toBe(
      'jane-doe-2026-12-01',
    );
  });
});

// ---- The audit list.

const line = (over: Partial<AuditLine> = {}): AuditLine => ({
  at: Date.parse('2026-12-01T10:00:00Z'),
  userId: 'UADMIN',
  action: 'delete',
  entityType: 'customer',
  entityName: 'Acme Corporation',
  changes: {},
  outcome: 'ok',
  error: null,
  details: { archiveId: 'arch-1' },
  ...over,
});

const recreateButtons = (m: unknown) =>
  (((m as Json).blocks as Json[] | undefined) ?? [])
    .map((b) => b.accessory as Json | undefined)
    .filter((a): a is Json => a?.action_id === ACTIONS.archiveRecreate);

describe('audit lines', () => {
  it('says who did what to which record, and that an archive was kept', () => {
    expect(auditText(line())).toMatch(
      /^<!date\^\d+\^.*\|.*> <@UADMIN> deleted customer \*Acme Corporation\* · archive kept$/,
    );
    expect(auditText(line({ action: 'deactivate' }))).toContain(
      '<@UADMIN> deactivated customer *Acme Corporation*',
    );
    expect(auditText(line({ action: 'restore', details: {} }))).toContain(
      'restored customer *Acme Corporation*',
    );
    expect(auditText(line({ action: 'export' }))).toContain(
      'exported customer *Acme Corporation* · archive kept',
    );
    expect(auditText(line({ action: 'create' }))).toContain(
      'created customer *Acme Corporation* from an archive',
    );
    expect(auditText(line({ action: 'create', details: {} }))).not.toContain('archive');
  });

  it('shows what an update changed, a failure with its reason, who the vendor credited, a workflow', () => {
    expect(
      auditText(
        line({ action: 'update', changes: { phone: ['1', '2'], name: ['Same', 'Same'] }, details: {} }),
      ),
    ).toContain('(phone: 1 → 2)');
    expect(auditText(line({ outcome: 'failed', error: 'Atera answered 500', details: {} }))).toContain(
      ':x: failed: Atera answered 500',
    );
    expect(auditText(line({ details: { attributedTo: 'Sam Rivera (Autotask user)' } }))).toContain(
      '· credited to Sam Rivera (Autotask user)',
    );
    expect(auditText(line({ details: { via: 'workflow' } }))).toContain('<@UADMIN> via a workflow deleted');
  });

  it('escapes names that came from the vendor', () => {
    const text = auditText(line({ entityName: '<!channel> *Evil* <https://x|click>' }));
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://x|click>');
  });
});

describe('Recreate from archive in the audit list', () => {
  const entries: AuditLine[] = [
    line(),
    line({ action: 'deactivate', details: { archiveId: 'arch-2' } }),
    line({ details: {} }),
    line({ outcome: 'failed', error: 'boom', details: { archiveId: 'arch-3' } }),
    line({ entityType: 'contact', entityName: 'Jane Doe', details: { archiveId: 'arch-4' } }),
    line({ action: 'export', details: { archiveId: 'arch-5' } }),
    line({ action: 'update', details: { archiveId: 'arch-6' } }),
  ];

  it('is offered to admins only, on customer removals that kept an archive, carrying that archive', () => {
    const admin = auditList(entries, { mine: false, query: '', isAdmin: true });
    const buttons = recreateButtons(admin);
    expect(buttons.map((b) => b.value)).toEqual(['arch-1', 'arch-2']);
    expect(JSON.stringify(buttons[0]?.confirm)).toContain('Devices and tickets do not come back');
    expect(checkMessage(admin)).toEqual([]);
    expect(recreateButtons(auditList(entries, { mine: true, query: '', isAdmin: false }))).toEqual([]);
    expect(recreateButtons(auditList(entries, { mine: false, query: '' }))).toEqual([]);
  });

  it('stays within Block Kit’s limits with many long entries, and says when there are none', () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      line({ entityName: `${'Very long customer name '.repeat(10)}${i}`, details: { archiveId: `a${i}` } }),
    );
    const message = auditList(many, { mine: false, query: 'x'.repeat(300), isAdmin: true });
    expect(checkMessage(message)).toEqual([]);
    expect(recreateButtons(message)).toHaveLength(40);
    const none = auditList([], { mine: true, query: '' });
    expect(JSON.stringify(none)).toContain('Nothing yet.');
  });
});
