// The change diffs an edit sends: only what the form changed, so a save never overwrites what someone else
// changed meanwhile, and an untouched form writes nothing.
import { describe, expect, it } from 'vitest';
import { blankContact, blankCustomer, type Contact, type Customer } from '../../src/domain/index.js';
import { contactChanges, customerChanges, customFieldChanges } from '../../src/operations/edits.js';

const acme: Customer = {
  ...blankCustomer('1001', 'Acme Corporation'),
  domains: ['acme.com'],
  phone: '+1 555 0100',
  city: 'Portland',
  email: 'info@acme.com',
  links: ['https://acme.com'],
  customFields: { Tier: 'Gold' },
};

const jane: Contact = {
  ...blankContact('500001', '1001', 'Jane Doe'),
  firstName: 'Jane',
  lastName: 'Doe',
  email: 'jane.doe@acme.com',
  phone: '+1 555 0101',
  isPrimary: true,
};

describe('customerChanges', () => {
  it('sends nothing for a form submitted as it was opened', () => {
    expect(
      customerChanges(acme, {
        name: 'Acme Corporation',
        domains: ['acme.com'],
        phone: '+1 555 0100',
        city: 'Portland',
        email: 'info@acme.com',
        links: ['https://acme.com'],
        notes: null,
        fax: null,
      }),
    ).toEqual({});
  });

  it('sends only the fields that changed, a cleared one as null', () => {
    expect(
      customerChanges(acme, { name: 'Acme Corp', phone: '+1 555 0100', city: null, domains: ['acme.com'] }),
    ).toEqual({ name: 'Acme Corp', city: null });
  });

  it('sees a list as changed when its items change, and leaves out fields the form did not show', () => {
    expect(customerChanges(acme, { name: 'Acme Corporation', domains: ['acme.com', 'acme.io'] })).toEqual({
      domains: ['acme.com', 'acme.io'],
    });
    expect(customerChanges(acme, { name: 'Acme Corporation', links: [] })).toEqual({ links: [] });
  });

  it('never sends the vendor’s create choices with an edit', () => {
    expect(customerChanges(acme, { name: 'Acme Corporation', choices: { companyType: '1' } })).toEqual({});
  });

  it('keeps a person a person: no kind is sent unless the form chose another', () => {
    const sam: Customer = {
      ...blankCustomer('42', 'Sam Lee'),
      kind: 'person',
      firstName: 'Sam',
      lastName: 'Lee',
    };
    expect(customerChanges(sam, { name: 'Sam Lee', kind: undefined })).toEqual({});
    expect(
      customerChanges(sam, { name: 'Sam Lee', kind: 'person', firstName: 'Sam', lastName: 'Lee' }),
    ).toEqual({});
    expect(
      customerChanges(sam, { name: 'Samuel Lee', kind: 'person', firstName: 'Samuel', lastName: 'Lee' }),
    ).toEqual({ name: 'Samuel Lee', firstName: 'Samuel' });
    expect(customerChanges(acme, { name: 'Acme Corporation', kind: 'business' })).toEqual({});
  });

  it('treats absent (undefined) as no change, null as a clear, and an empty string as a value', () => {
    expect(customerChanges(acme, { name: 'Acme Corporation', city: undefined })).toEqual({});
    expect(customerChanges(acme, { name: 'Acme Corporation', notes: null })).toEqual({});
    expect(customerChanges(acme, { name: 'Acme Corporation', phone: null })).toEqual({ phone: null });
    expect(customerChanges(acme, { name: 'Acme Corporation', phone: '' })).toEqual({ phone: '' });
  });

  it('does not rewrite an email the form only lower-cased', () => {
    // The forms lower-case every email they read; the vendor may keep the case it was typed in.
    const mixed = { ...acme, email: 'Info@Acme.com' };
    expect(customerChanges(mixed, { name: 'Acme Corporation', email: 'info@acme.com' })).toEqual({});
    expect(customerChanges(mixed, { name: 'Acme Corporation', email: 'sales@acme.com' })).toEqual({
      email: 'sales@acme.com',
    });
  });
});

describe('contactChanges', () => {
  it('sends nothing for an unchanged form, and only what changed otherwise', () => {
    const same = { firstName: 'Jane', lastName: 'Doe', email: 'jane.doe@acme.com', isPrimary: true };
    expect(contactChanges(jane, same, true)).toEqual({});
    expect(contactChanges(jane, { ...same, lastName: 'Smith', isPrimary: false }, true)).toEqual({
      lastName: 'Smith',
      isPrimary: false,
    });
  });

  it('ignores the email where the vendor cannot change it, even when one is given', () => {
    expect(contactChanges(jane, { firstName: 'Jane', email: 'new@acme.com' }, false)).toEqual({});
    expect(contactChanges(jane, { firstName: 'Jane', email: 'new@acme.com' }, true)).toEqual({
      email: 'new@acme.com',
    });
  });

  it('treats absent (undefined) as no change, null as a clear, and an empty string as a value', () => {
    expect(contactChanges(jane, { phone: undefined, title: undefined }, true)).toEqual({});
    expect(contactChanges(jane, { title: null }, true)).toEqual({});
    expect(contactChanges(jane, { phone: null }, true)).toEqual({ phone: null });
    expect(contactChanges(jane, { phone: '' }, true)).toEqual({ phone: '' });
  });

  it('compares booleans as booleans: an unchecked box is a change only from checked', () => {
    expect(contactChanges(jane, { isPrimary: true, ignored: false }, true)).toEqual({});
    expect(contactChanges(jane, { ignored: true }, true)).toEqual({ ignored: true });
  });

  it('does not rewrite an email the form only lower-cased', () => {
    const mixed = { ...jane, email: 'Jane.Doe@Acme.com' };
    expect(contactChanges(mixed, { firstName: 'Jane', email: 'jane.doe@acme.com' }, true)).toEqual({});
  });
});

describe('customFieldChanges', () => {
  it('keeps only values that differ, by name', () => {
    expect(
      customFieldChanges(
        { Tier: 'Gold', Fee: 1200, Backup: true, Services: ['Backup', 'VoIP'] },
        { Tier: 'Gold', Fee: 1500, Backup: true, Services: ['Backup', 'VoIP'] },
      ),
    ).toEqual({ Fee: 1500 });
  });

  it('sends a clear only for a value that was set', () => {
    expect(customFieldChanges({ Tier: 'Gold' }, { Tier: null, Fee: null })).toEqual({ Tier: null });
  });

  it('sees an emptied multi-select as a clear only when it held something', () => {
    expect(customFieldChanges({}, { Services: [] })).toEqual({});
    expect(customFieldChanges({ Services: null }, { Services: [] })).toEqual({});
    expect(customFieldChanges({ Services: ['VoIP'] }, { Services: [] })).toEqual({ Services: [] });
  });

  it('tells a value from its look-alikes: 0 from null, false from null, "1" from 1', () => {
    expect(customFieldChanges({}, { Fee: 0, Backup: false })).toEqual({ Fee: 0, Backup: false });
    expect(customFieldChanges({ Fee: 1 }, { Fee: '1' })).toEqual({ Fee: '1' });
  });

  it('leaves out fields the form did not carry', () => {
    expect(customFieldChanges({ Tier: 'Gold', Fee: 1 }, {})).toEqual({});
  });
});
