// The modal parsers: contact, customer and onboarding forms read back as a user filled them (the real modals
// filled as Slack would), field errors keyed by the block that shows them, and a forged state read safely.
import { describe, expect, it } from 'vitest';
import { CONTACT_BLOCKS, contactModal } from '../../blocks/contact-modal.js';
import { fieldBlockId } from '../../blocks/custom-fields.js';
import { customerEditModal } from '../../blocks/customer-form.js';
import { ONBOARDING_CONTACT, onboardingModal } from '../../blocks/onboarding.js';
import { parseContactForm } from '../../handlers/forms/contact-form.js';
import { readChoices, readCustomFields } from '../../handlers/forms/custom-fields.js';
import { parseCustomerForm } from '../../handlers/forms/customer-form.js';
import { parseOnboardingForm } from '../../handlers/forms/onboarding-form.js';
import { MAX_INPUT, readState, type StateValues } from '../../handlers/forms/state.js';
import { blankContact, blankCustomer, type CustomFieldType } from '../../src/domain/index.js';
import { DEMO_CUSTOM_FIELDS } from '../../src/vendors/sandbox/demo-data.js';
import { type FormInput, fillView } from '../helpers/payloads.js';

const asJson = (view: object): Record<string, unknown> => JSON.parse(JSON.stringify(view));
/** The view's state as Slack sends it on submission (block id -> action id -> element state). */
const fill = (view: Record<string, unknown>, input: Record<string, FormInput>): StateValues =>
  fillView(view, input) as StateValues;

/** One input's state as Slack sends it: block id -> action id -> element state. */
const text = (value: string | null, type = 'plain_text_input') => ({ value: { type, value } });
const select = (value: string | null) => ({
  value: {
    type: 'static_select',
    selected_option: value === null ? null : { value, text: { type: 'plain_text', text: value } },
  },
});
const options = (type: string, values: string[]) => ({
  value: { type, selected_options: values.map((v) => ({ value: v, text: { type: 'plain_text', text: v } })) },
});
const date = (value: string | null) => ({ value: { type: 'datepicker', selected_date: value } });

const CONTACT_FIELDS = DEMO_CUSTOM_FIELDS.filter((d) => d.target === 'contact');
const CUSTOMER_FIELDS = DEMO_CUSTOM_FIELDS.filter((d) => d.target === 'customer');

const ADD_RULES = { emailRequired: false, emailEditable: true, vendorLabel: 'Sandbox' };

/** The Add contact modal as a vendor with every optional input would show it, filled in. */
function addContactForm(
  input: Record<string, FormInput>,
  o: Partial<Parameters<typeof contactModal>[0]> = {},
) {
  const view = contactModal({
    vendorLabel: 'Sandbox',
    emailRequired: false,
    emailEditable: true,
    address: true,
    ignoreMode: true,
    customFields: CONTACT_FIELDS,
    privateMetadata: '{}',
    ...o,
  });
  return fill(asJson(view), input);
}

describe('the contact form', () => {
  it('reads a filled Add contact modal into the contact, its customer and its custom values', () => {
    const values = addContactForm({
      [CONTACT_BLOCKS.customer]: { value: '1001', text: 'Acme Corporation' },
      [CONTACT_BLOCKS.firstName]: '  Jane ',
      [CONTACT_BLOCKS.lastName]: 'Doe',
      [CONTACT_BLOCKS.email]: 'Jane.Doe@Acme.COM',
      [CONTACT_BLOCKS.phone]: '+1 555 0100',
      [CONTACT_BLOCKS.title]: 'IT Manager',
      [CONTACT_BLOCKS.primary]: true,
      [CONTACT_BLOCKS.city]: 'Portland',
      [fieldBlockId({ name: 'Preferred channel', type: 'options' })]: 'Phone',
      [fieldBlockId({ name: 'VPN access', type: 'boolean' })]: 'No',
      [fieldBlockId({ name: 'Badge number', type: 'text' })]: 'B-1234',
    });
    const parsed = parseContactForm(values, ADD_RULES);
    expect(parsed).toEqual({
      ok: true,
      value: {
        customerId: '1001',
        fields: {
          firstName: 'Jane',
          lastName: 'Doe',
          email: 'jane.doe@acme.com',
          isPrimary: true,
          phone: '+1 555 0100',
          mobile: null,
          title: 'IT Manager',
          address: null,
          city: 'Portland',
          state: null,
          zip: null,
          ignored: false,
        },
        customFields: { 'Preferred channel': 'Phone', 'VPN access': false, 'Badge number': 'B-1234' },
        choices: {},
      },
    });
  });

  it('needs a first name and a customer, each error under its own block', () => {
    const values = addContactForm({ [CONTACT_BLOCKS.lastName]: 'Doe' });
    const parsed = parseContactForm(values, ADD_RULES);
    expect(parsed).toEqual({
      ok: false,
      errors: {
        [CONTACT_BLOCKS.firstName]: 'Enter a first name.',
        [CONTACT_BLOCKS.customer]: 'Choose a customer.',
      },
    });
  });

  it('needs an email only where the vendor does, and a real one wherever one is typed', () => {
    const none = addContactForm({ customer: '1001', first_name: 'Jane' });
    expect(parseContactForm(none, ADD_RULES).ok).toBe(true);
    const required = parseContactForm(none, { ...ADD_RULES, emailRequired: true, vendorLabel: 'Syncro' });
    expect(required).toEqual({
      ok: false,
      errors: { [CONTACT_BLOCKS.email]: 'Syncro needs an email for every contact.' },
    });
    for (const bad of ['jane', 'jane@', '@acme.com', 'jane@acme', 'jane doe@acme.com', 'a@b@c.com']) {
      const values = addContactForm({ customer: '1001', first_name: 'Jane', email: bad });
      expect(parseContactForm(values, ADD_RULES), bad).toEqual({
        ok: false,
        errors: { [CONTACT_BLOCKS.email]: 'That does not look like an email address.' },
      });
    }
  });

  it('leaves the email alone when editing on a vendor that cannot change it, whatever a payload carries', () => {
    const contact = { ...blankContact('7', '1001', 'Jane Doe'), firstName: 'Jane', email: 'jane@acme.com' };
    const view = contactModal({
      vendorLabel: 'Atera',
      emailRequired: true,
      emailEditable: false,
      contact,
      privateMetadata: '{}',
    });
    // The edit modal has no email input and no customer picker.
    const values = fill(asJson(view), { first_name: 'Janet' });
    expect(Object.keys(values)).not.toContain(CONTACT_BLOCKS.email);
    expect(Object.keys(values)).not.toContain(CONTACT_BLOCKS.customer);
    const rules = { emailRequired: true, emailEditable: false, vendorLabel: 'Atera', editing: true };
    const parsed = parseContactForm(values, rules);
    expect(parsed.ok && parsed.value.customerId).toBeNull();
    expect(parsed.ok && 'email' in parsed.value.fields).toBe(false);
    // A forged email input changes nothing either, and is not checked.
    const forged = parseContactForm({ ...values, email: text('not an email') }, rules);
    expect(forged.ok && 'email' in forged.value.fields).toBe(false);
  });

  it('reads phones, titles, addresses and ignore mode only where the vendor’s form offers them', () => {
    const values = addContactForm(
      { customer: '1001', first_name: 'Jane' },
      { address: false, ignoreMode: false, fields: ['phone'], customFields: [] },
    );
    const parsed = parseContactForm(values, ADD_RULES);
    if (!parsed.ok) throw new Error('expected a contact');
    expect(parsed.value.fields).toEqual({
      firstName: 'Jane',
      lastName: null,
      email: null,
      isPrimary: false,
      phone: null,
    });
  });

  it('reads the primary and ignored checkboxes as booleans', () => {
    const on = parseContactForm(
      addContactForm({ customer: '1001', first_name: 'J', primary: true, ignored: true }),
      ADD_RULES,
    );
    expect(on.ok && [on.value.fields.isPrimary, on.value.fields.ignored]).toEqual([true, true]);
    const off = parseContactForm(addContactForm({ customer: '1001', first_name: 'J' }), ADD_RULES);
    expect(off.ok && [off.value.fields.isPrimary, off.value.fields.ignored]).toEqual([false, false]);
  });

  it('reads a vendor’s create choices (SuperOps’ requester role) by key', () => {
    const values = addContactForm(
      { customer: '1001', first_name: 'J', 'choice:role': 'Requester' },
      {
        choices: [
          {
            key: 'role',
            label: 'Role',
            kind: 'select',
            required: true,
            options: [{ value: 'Requester', label: 'Requester' }],
            defaultValue: null,
            hint: null,
          },
        ],
      },
    );
    const parsed = parseContactForm(values, ADD_RULES);
    expect(parsed.ok && parsed.value.choices).toEqual({ role: 'Requester' });
  });

  it('clears an emptied custom field when editing, and sets nothing for it when adding', () => {
    const contact = { ...blankContact('7', '1001', 'Jane'), firstName: 'Jane' };
    const view = contactModal({
      vendorLabel: 'Sandbox',
      emailRequired: false,
      emailEditable: true,
      contact,
      customFields: CONTACT_FIELDS,
      customValues: { 'Badge number': 'B-1', 'VPN access': true },
      privateMetadata: '{}',
    });
    const values = fill(asJson(view), {
      first_name: 'Jane',
      [fieldBlockId({ name: 'Badge number', type: 'text' })]: null,
      [fieldBlockId({ name: 'VPN access', type: 'boolean' })]: { value: 'Yes' },
    });
    const edited = parseContactForm(values, { ...ADD_RULES, editing: true });
    expect(edited.ok && edited.value.customFields).toEqual({
      'Preferred channel': null,
      'VPN access': true,
      'Badge number': null,
    });
    const added = parseContactForm(addContactForm({ customer: '1001', first_name: 'J' }), ADD_RULES);
    expect(added.ok && added.value.customFields).toEqual({});
  });
});

describe('custom field values', () => {
  const id = (type: CustomFieldType, name: string) => fieldBlockId({ type, name });

  it('reads each type as its value: numbers, yes/no, dates, options, text and several of a list', () => {
    const s = readState({
      [id('number', 'Fee')]: text('1,200.50', 'number_input'),
      [id('boolean', 'Backup')]: select('Yes'),
      [id('boolean', 'Alarm')]: select('No'),
      [id('date', 'Since')]: date('2025-03-01'),
      [id('options', 'Tier')]: select('Gold'),
      [id('text', 'Manager')]: text('  Sam  '),
      [id('multi', 'Services')]: options('multi_static_select', ['Backup', 'VoIP']),
    });
    expect(readCustomFields(s)).toEqual({
      values: {
        Fee: 1200.5,
        Backup: true,
        Alarm: false,
        Since: '2025-03-01',
        Tier: 'Gold',
        Manager: 'Sam',
        Services: ['Backup', 'VoIP'],
      },
      errors: {},
    });
  });

  it('says which input holds a value that is not of its type', () => {
    const s = readState({
      [id('number', 'Fee')]: text('twelve', 'number_input'),
      [id('date', 'Since')]: date('March 1st'),
    });
    expect(readCustomFields(s)).toEqual({
      values: {},
      errors: {
        [id('number', 'Fee')]: 'Enter a number, like 1200 or 12.5.',
        [id('date', 'Since')]: 'Pick a date.',
      },
    });
  });

  it('leaves every empty input out of a new record, an empty multi-select too', () => {
    const s = readState({
      [id('number', 'Fee')]: text(null, 'number_input'),
      [id('boolean', 'Backup')]: select(null),
      [id('date', 'Since')]: date(null),
      [id('text', 'Manager')]: text('   '),
      [id('multi', 'Services')]: options('multi_static_select', []),
    });
    expect(readCustomFields(s)).toEqual({ values: {}, errors: {} });
    expect(readCustomFields(s, { clearEmpty: true }).values).toEqual({
      Fee: null,
      Backup: null,
      Since: null,
      Manager: null,
      Services: [],
    });
  });

  it('ignores blocks that are not custom fields, or name a type that does not exist', () => {
    const s = readState({
      name: text('Acme'),
      'cf:colour:Paint': text('red'),
      'cf:text': text('no name'),
      'cf:text:': text('empty name'),
    });
    expect(readCustomFields(s).values).toEqual({ '': 'empty name' });
  });

  it('reads create choices by key, yes/no as true/false', () => {
    const s = readState({
      'choice:type': select('Customer'),
      'choice:taxable': select('No'),
      'choice:vip': select('Yes'),
      'choice:empty': select(null),
      name: text('Acme'),
    });
    expect(readChoices(s)).toEqual({ type: 'Customer', taxable: 'false', vip: 'true' });
  });
});

describe('the customer form', () => {
  it('reads a company with its domains normalised (scheme, path and case dropped)', () => {
    const parsed = parseCustomerForm({
      name: text('  Acme Corporation '),
      domains: text('https://Acme.com/about, acme.co.uk;\nwww.ACME.io'),
      email: text('Info@Acme.com'),
      phone: text('+1 555 0100'),
      links: text('https://acme.com https://acme.co.uk/shop'),
      notes: text(null),
    });
    expect(parsed).toEqual({
      ok: true,
      value: {
        name: 'Acme Corporation',
        domains: ['acme.com', 'acme.co.uk', 'www.acme.io'],
        email: 'info@acme.com',
        phone: '+1 555 0100',
        links: ['https://acme.com', 'https://acme.co.uk/shop'],
        notes: null,
      },
    });
  });

  it('lists a domain typed twice (in any case or form) once', () => {
    const parsed = parseCustomerForm({
      name: text('Acme'),
      domains: text('acme.com, ACME.com https://acme.com/'),
    });
    expect(parsed.ok && parsed.value.domains).toEqual(['acme.com']);
  });

  it('reads only the fields the form shows: a missing input is no change, an emptied one clears', () => {
    const parsed = parseCustomerForm({ name: text('Acme'), city: text(null) });
    expect(parsed).toEqual({ ok: true, value: { name: 'Acme', city: null } });
    const empty = parseCustomerForm({ name: text('Acme'), domains: text(null), links: text(null) });
    expect(empty).toEqual({ ok: true, value: { name: 'Acme', domains: [], links: [] } });
  });

  it('needs a company name, and names a bad domain or email under its block', () => {
    expect(parseCustomerForm({ name: text(null) })).toEqual({
      ok: false,
      errors: { name: 'Enter the company name.' },
    });
    for (const bad of ['acme', 'acme..com', '-acme.com', 'acme.com:8080', 'ac me.com', '127.0.0.1', 'a.c']) {
      const parsed = parseCustomerForm({ name: text('Acme'), domains: text(`acme.com, ${bad}`) });
      expect(parsed.ok, bad).toBe(false);
      expect(!parsed.ok && parsed.errors.domains, bad).toMatch(/is not a domain like acme\.com/);
    }
    expect(parseCustomerForm({ name: text('Acme'), email: text('info@') })).toEqual({
      ok: false,
      errors: { email: 'That does not look like an email address.' },
    });
  });

  it('quotes at most 100 characters of a bad domain back', () => {
    const parsed = parseCustomerForm({ name: text('Acme'), domains: text(`${'x'.repeat(2000)}!`) });
    const error = !parsed.ok ? (parsed.errors.domains ?? '') : '';
    expect(error.length).toBeLessThan(150);
  });

  it('keys errors with the form’s prefix (the onboarding modal’s company_)', () => {
    const parsed = parseCustomerForm(
      { company_name: text(null), company_domains: text('nope'), company_email: text('x') },
      'company_',
    );
    expect(!parsed.ok && Object.keys(parsed.errors).sort()).toEqual([
      'company_domains',
      'company_email',
      'company_name',
    ]);
  });

  it('makes a person’s name of their first and last names, and needs one of them', () => {
    const parsed = parseCustomerForm({
      kind: select('person'),
      name: text(null),
      firstName: text('Sam'),
      lastName: text('Lee'),
    });
    expect(parsed).toEqual({
      ok: true,
      value: { name: 'Sam Lee', kind: 'person', firstName: 'Sam', lastName: 'Lee' },
    });
    expect(
      parseCustomerForm({
        kind: select('person'),
        name: text('Ignored'),
        firstName: text(null),
        lastName: text(null),
      }),
    ).toEqual({ ok: false, errors: { firstName: 'Enter the person’s name.' } });
    // A business chosen on the same form is a business, whatever the name inputs hold.
    expect(
      parseCustomerForm({ kind: select('business'), name: text('Lee Plumbing'), firstName: text('Sam') }),
    ).toEqual({ ok: true, value: { name: 'Lee Plumbing', kind: 'business' } });
  });

  it('keeps a person a person when editing: the edit modal shows their names and no company name', () => {
    const person = {
      ...blankCustomer('42', 'Sam Lee'),
      kind: 'person' as const,
      firstName: 'Sam',
      lastName: 'Lee',
    };
    const view = customerEditModal(person, { supported: ['phone'], customFields: [], privateMetadata: '{}' });
    const values = fill(asJson(view), { firstName: 'Samuel' });
    const parsed = parseCustomerForm(values);
    expect(parsed.ok && parsed.value).toMatchObject({ name: 'Samuel Lee', kind: 'person', lastName: 'Lee' });
  });
});

describe('the onboarding form', () => {
  const RULES = { contactEmailRequired: false, vendorLabel: 'Sandbox' };
  const modal = (o: Partial<Parameters<typeof onboardingModal>[0]> = {}) =>
    asJson(
      onboardingModal({
        name: 'Contoso Ltd',
        supported: undefined,
        contactEmailRequired: false,
        customFields: CUSTOMER_FIELDS,
        privateMetadata: '{}',
        ...o,
      }),
    );

  it('reads the company alone: the contact is optional, untouched custom fields set nothing', () => {
    const values = fill(modal(), { company_domains: 'contoso.com' });
    expect(parseOnboardingForm(values, RULES)).toEqual({
      ok: true,
      value: {
        customer: expect.objectContaining({ name: 'Contoso Ltd', domains: ['contoso.com'] }),
        customFields: {},
      },
    });
  });

  it('reads the company, its primary contact and its custom values', () => {
    const values = fill(modal(), {
      [ONBOARDING_CONTACT.firstName]: 'Ana',
      [ONBOARDING_CONTACT.lastName]: 'Ruiz',
      [ONBOARDING_CONTACT.email]: 'Ana@Contoso.com',
      [ONBOARDING_CONTACT.title]: 'Office Manager',
      [fieldBlockId({ name: 'Monthly fee', type: 'number' })]: '1200',
      [fieldBlockId({ name: 'Services', type: 'multi' })]: ['Backup', 'VoIP'],
      [fieldBlockId({ name: 'Managed backup', type: 'boolean' })]: { value: 'Yes' },
    });
    const parsed = parseOnboardingForm(values, RULES);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.value.contact).toEqual({
      firstName: 'Ana',
      lastName: 'Ruiz',
      email: 'ana@contoso.com',
      phone: null,
      title: 'Office Manager',
    });
    expect(parsed.value.customFields).toEqual({
      'Monthly fee': 1200,
      Services: ['Backup', 'VoIP'],
      'Managed backup': true,
    });
  });

  it('wants a started contact complete: a name, and an email where the vendor needs one', () => {
    const phoneOnly = fill(modal(), { [ONBOARDING_CONTACT.phone]: '+1 555 0100' });
    expect(parseOnboardingForm(phoneOnly, RULES)).toEqual({
      ok: false,
      errors: { [ONBOARDING_CONTACT.firstName]: 'Enter the contact’s name, or leave the contact empty.' },
    });
    const noEmail = fill(modal(), { [ONBOARDING_CONTACT.lastName]: 'Ruiz' });
    expect(parseOnboardingForm(noEmail, RULES).ok).toBe(true);
    expect(parseOnboardingForm(noEmail, { contactEmailRequired: true, vendorLabel: 'Syncro' })).toEqual({
      ok: false,
      errors: { [ONBOARDING_CONTACT.email]: 'Syncro needs an email for every contact.' },
    });
    // No contact at all needs no email, even there.
    const none = fill(modal(), {});
    expect(parseOnboardingForm(none, { contactEmailRequired: true, vendorLabel: 'Syncro' }).ok).toBe(true);
  });

  it('collects the company’s, the contact’s and the custom fields’ errors together', () => {
    const values = fill(modal({ name: '' }), {
      company_domains: 'not a domain!',
      [ONBOARDING_CONTACT.email]: 'ana@',
      [fieldBlockId({ name: 'Monthly fee', type: 'number' })]: 'lots',
    });
    const parsed = parseOnboardingForm(values, RULES);
    expect(!parsed.ok && Object.keys(parsed.errors).sort()).toEqual(
      [
        'company_name',
        'company_domains',
        ONBOARDING_CONTACT.firstName,
        ONBOARDING_CONTACT.email,
        fieldBlockId({ name: 'Monthly fee', type: 'number' }),
      ].sort(),
    );
  });

  it('carries the vendor’s create choices with the customer, and none when there are none', () => {
    const choices = [
      {
        key: 'companyType',
        label: 'Type',
        kind: 'select' as const,
        required: true,
        options: [
          { value: '1', label: 'Customer' },
          { value: '3', label: 'Prospect' },
        ],
        defaultValue: '1',
        hint: null,
      },
    ];
    const values = fill(modal({ choices }), {});
    const parsed = parseOnboardingForm(values, RULES);
    expect(parsed.ok && parsed.value.customer.choices).toEqual({ companyType: '1' });
    const without = parseOnboardingForm(fill(modal(), {}), RULES);
    expect(without.ok && 'choices' in without.value.customer).toBe(false);
  });

  it('offers a person on vendors with residential customers', () => {
    const values = fill(modal({ name: '', personCustomers: true }), {
      company_kind: 'person',
      company_firstName: 'Sam',
      company_lastName: 'Lee',
    });
    const parsed = parseOnboardingForm(values, RULES);
    expect(parsed.ok && parsed.value.customer).toMatchObject({ name: 'Sam Lee', kind: 'person' });
  });
});

describe('readState', () => {
  it('reads text, options, checkboxes and dates, empty text as null', () => {
    expect(
      readState({
        a: text(' hi '),
        b: text('   '),
        c: select('x'),
        d: select(null),
        e: options('checkboxes', ['yes']),
        f: date('2025-01-02'),
        g: date(null),
      }),
    ).toEqual({ a: 'hi', b: null, c: 'x', d: null, e: ['yes'], f: '2025-01-02', g: null });
  });

  it('reads a forged 10,000-block payload no further than a real form could be', () => {
    const values: StateValues = {};
    for (let i = 0; i < 10_000; i++) values[`b${i}`] = text(`v${i}`);
    values.first_name = text('Jane');
    const s = readState(values);
    expect(Object.keys(s).length).toBeLessThanOrEqual(200);
    expect(s.first_name).toBeUndefined();
    expect(s.b0).toBe('v0');
  });

  it('cuts a 1 MB value, option, option list or date to what a form could hold', () => {
    const huge = 'x'.repeat(1_000_000);
    const s = readState({
      text: text(huge),
      option: select(huge),
      many: options(
        'multi_static_select',
        Array.from({ length: 10_000 }, (_, i) => `${i}${huge.slice(0, 500)}`),
      ),
      when: date(huge),
    });
    expect(String(s.text).length).toBe(MAX_INPUT);
    expect(String(s.option).length).toBeLessThanOrEqual(150);
    const many = Array.isArray(s.many) ? s.many : [];
    expect(many.length).toBeLessThanOrEqual(100);
    expect(many.every((v) => v.length <= 150)).toBe(true);
    expect(String(s.when).length).toBeLessThanOrEqual(32);
  });

  it('skips what is not an element’s state instead of throwing', () => {
    const forged = {
      nothing: null,
      text: 'a string',
      number: 42,
      list: [1, 2],
      empty: {},
      noType: { value: { value: 'x' } },
      wrongValue: { value: { type: 'plain_text_input', value: 42 } },
      ok: text('fine'),
    } as unknown as StateValues;
    expect(readState(forged)).toEqual({ ok: 'fine' });
    expect(readState(undefined)).toEqual({});
  });

  it('never lets a forged state make a parser throw', () => {
    const forged = {
      first_name: { value: { type: 'plain_text_input', value: 'x'.repeat(1_000_000) } },
      customer: null,
      email: {
        value: { type: 'email_text_input', value: `${'a'.repeat(500_000)}@${'b'.repeat(500_000)}.com` },
      },
      'cf:number:Fee': { value: { type: 'number_input', value: '1e400' } },
      'cf:multi:Services': { value: { type: 'multi_static_select', selected_options: 'Backup' } },
    } as unknown as StateValues;
    const contact = parseContactForm(forged, ADD_RULES);
    expect(contact.ok).toBe(false);
    expect(!contact.ok && contact.errors['cf:number:Fee']).toBe('Enter a number, like 1200 or 12.5.');
    expect(() => parseOnboardingForm(forged, { contactEmailRequired: true, vendorLabel: 'X' })).not.toThrow();
    expect(() => parseCustomerForm(forged)).not.toThrow();
  });
});
