// parseCommand: what `/customer` and `/contact` make of whatever a user typed, and that no text makes it throw.
import { describe, expect, it } from 'vitest';
import { CommandRequestSchema, parseCommand } from '../../handlers/forms/command.js';
import { createPrng } from '../../src/vendors/sandbox/demo-data.js';

describe('parseCommand', () => {
  it.each(['', 'help', 'HELP', 'Help me please', '?', '-h', '--help', 'usage'])(
    'answers %j with help',
    (text) => {
      expect(parseCommand('customer', text)).toEqual({ kind: 'help' });
      expect(parseCommand('contact', text)).toEqual({ kind: 'help' });
    },
  );

  it('answers no text at all (Slack omits it) with help', () => {
    expect(parseCommand('customer', undefined)).toEqual({ kind: 'help' });
    expect(parseCommand('customer', ' \n\t ')).toEqual({ kind: 'help' });
  });

  it.each(['lookup', 'find', 'search', 'show', 'get', 'FIND'])('looks up what follows %j', (word) => {
    expect(parseCommand('customer', `${word} acme corp`)).toEqual({ kind: 'lookup', query: 'acme corp' });
    expect(parseCommand('contact', `${word} jane@acme.com`)).toEqual({
      kind: 'lookup',
      query: 'jane@acme.com',
    });
  });

  it('answers a lookup word with nothing after it with help that shows how, in the command used', () => {
    const customer = parseCommand('customer', 'find');
    expect(customer.kind).toBe('help');
    expect(customer.kind === 'help' && customer.note).toContain('`/customer find acme`');
    const contact = parseCommand('contact', 'search  ');
    expect(contact.kind === 'help' && contact.note).toContain('`/contact search acme`');
  });

  it('takes any other text as the lookup itself, keeping its case', () => {
    expect(parseCommand('customer', 'Acme Corporation')).toEqual({
      kind: 'lookup',
      query: 'Acme Corporation',
    });
    expect(parseCommand('contact', '+1 (555) 010-0000')).toEqual({
      kind: 'lookup',
      query: '+1 (555) 010-0000',
    });
  });

  it.each(['new', 'add', 'create', 'onboard', 'NEW'])(
    'starts a new customer with %j, named or not',
    (word) => {
      expect(parseCommand('customer', word)).toEqual({ kind: 'new', name: '' });
      expect(parseCommand('customer', `${word} Contoso   Ltd`)).toEqual({ kind: 'new', name: 'Contoso Ltd' });
    },
  );

  it('starts a new contact with add, new or create, the rest naming its customer', () => {
    expect(parseCommand('contact', 'add')).toEqual({ kind: 'new', name: '' });
    expect(parseCommand('contact', 'add acme')).toEqual({ kind: 'new', name: 'acme' });
    expect(parseCommand('contact', 'new Acme Corp')).toEqual({ kind: 'new', name: 'Acme Corp' });
    expect(parseCommand('contact', 'create acme')).toEqual({ kind: 'new', name: 'acme' });
    // Onboarding is a customer's word: for contacts it is just text to look up.
    expect(parseCommand('contact', 'onboard acme')).toEqual({ kind: 'lookup', query: 'onboard acme' });
  });

  it('reads the audit trail on /customer only, with or without a name to filter by', () => {
    expect(parseCommand('customer', 'audit')).toEqual({ kind: 'audit', query: '' });
    expect(parseCommand('customer', 'AUDIT  acme   corp')).toEqual({ kind: 'audit', query: 'acme corp' });
    expect(parseCommand('contact', 'audit acme')).toEqual({ kind: 'lookup', query: 'audit acme' });
  });

  it('asks for the duplicates report with the word alone, on /customer only', () => {
    for (const word of ['duplicates', 'dupes', 'dups', 'duplicate', 'Duplicates'])
      expect(parseCommand('customer', word)).toEqual({ kind: 'duplicates' });
    // A customer that happens to be called that is still found.
    expect(parseCommand('customer', 'duplicates ltd')).toEqual({ kind: 'lookup', query: 'duplicates ltd' });
    expect(parseCommand('contact', 'duplicates')).toEqual({ kind: 'lookup', query: 'duplicates' });
  });

  it('folds every run of whitespace (tabs, newlines, no-break spaces) into one space and trims the ends', () => {
    expect(parseCommand('customer', '  \tacme\n\n  corp\u00a0 ltd  ')).toEqual({
      kind: 'lookup',
      query: 'acme corp ltd',
    });
    expect(parseCommand('customer', '\nfind\t acme ')).toEqual({ kind: 'lookup', query: 'acme' });
  });

  it('reads at most 500 characters, with nothing dangling where the cut falls', () => {
    const long = parseCommand('customer', 'a'.repeat(10_000));
    expect(long).toEqual({ kind: 'lookup', query: 'a'.repeat(500) });
    // The cut lands on a space: no trailing space is searched for.
    const words = parseCommand('customer', `find ${'b'.repeat(494)} ${'c'.repeat(50)}`);
    expect(words).toEqual({ kind: 'lookup', query: 'b'.repeat(494) });
    // The cut lands inside an emoji: half a character is not kept.
    const emoji = parseCommand('customer', `${'d'.repeat(499)}😀😀`);
    expect(emoji.kind === 'lookup' && emoji.query).toBe('d'.repeat(499));
  });

  it('never throws, and always answers a valid request, whatever the text', () => {
    const odd = [
      '\u0000',
      '\u200b',
      '\ud800',
      '\udfff lone low',
      '<!channel> find',
      'find <@U123|admin>',
      '*bold* _it_ ~s~ `code`',
      'new\u2028line',
      '\u202eRTL override',
      '👨‍👩‍👧‍👦 family',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty audit',
      'null',
      'undefined',
      ' '.repeat(100_000),
      'x '.repeat(50_000),
      '%s%s%s%n',
      "'; DROP TABLE customers; --",
      '\\'.repeat(600),
    ];
    // And a few thousand random strings over an alphabet of awkward characters.
    const alphabet = [
      ...'aZ09 \t\n\r?-_@.+<>&*~`|#/\\',
      '\u00a0',
      '\u200b',
      '\ufeff',
      '\ud83d',
      '\ude00',
      '😀',
      'é',
      'ß',
      'İ',
      'help',
      'find ',
      'new ',
      'audit ',
      'dupes',
    ];
    const random = createPrng(13);
    for (let i = 0; i < 3000; i++) {
      const length = Math.floor(random() * 40);
      odd.push(Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)] ?? '').join(''));
    }
    for (const text of odd) {
      for (const command of ['customer', 'contact'] as const) {
        const request = parseCommand(command, text);
        expect(CommandRequestSchema.safeParse(request).success, JSON.stringify(text)).toBe(true);
        const said = 'query' in request ? request.query : 'name' in request ? request.name : '';
        expect(said.length).toBeLessThanOrEqual(500);
        expect(said).toBe(said.trim());
      }
    }
  });
});
