// What "Find customer" and "Add as contact" read in a message: emails, domains and phones as Slack sends them
// (wrapped, escaped), signatures of the shapes people paste, and a hostile message that costs no more than its size.
import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { cluesIn, MAX_MESSAGE_CHARS, signatureIn } from '../../src/operations/message-clues.js';

describe('cluesIn', () => {
  it('reads emails, their domains, link hosts and bare domains, lower-cased and once each', () => {
    const clues = cluesIn(
      'Jane@Acme.com says the portal at https://www.Globex-East.com/login is down; see initech.com too. jane@acme.com',
    );
    expect(clues.emails).toEqual(['jane@acme.com']);
    expect(clues.domains).toEqual(['acme.com', 'globex-east.com', 'initech.com']);
  });

  it('reads what Slack wraps: <mailto:…|…>, <https://…|…>, <tel:…|…>, and its escaped brackets', () => {
    const clues = cluesIn(
      'From <mailto:bob@contoso.co.uk|bob@contoso.co.uk>, site <https://portal.fabrikam.io|fabrikam portal>, call <tel:+15550100199|+1 555 010 0199>. Reply to Jane &lt;jane@acme.com&gt;',
    );
    expect(clues.emails).toEqual(['bob@contoso.co.uk', 'jane@acme.com']);
    expect(clues.domains).toEqual(['contoso.co.uk', 'acme.com', 'portal.fabrikam.io']);
    expect(clues.phones).toEqual(['+15550100199']);
  });

  it('keeps a free-mail address but not its domain, which names no customer', () => {
    const clues = cluesIn('It was pat.q@gmail.com who called, not someone at outlook.com');
    expect(clues.emails).toEqual(['pat.q@gmail.com']);
    expect(clues.domains).toEqual([]);
  });

  it('puts the author’s email first, as a clue like any other', () => {
    expect(cluesIn('printer is jammed again', ['Omar@Quayside.example']).emails).toEqual([
      'omar@quayside.example',
    ]);
  });

  it('reads phone numbers in the formats people write them', () => {
    const clues = cluesIn(
      'Call +1 (555) 010-0100, or 555.867.5309, or 555-010-0101 ext 2; the UK office is +44 20 7946 0958; 5550100123 works too.',
    );
    expect(clues.phones).toEqual([
      '+1 (555) 010-0100',
      '555.867.5309',
      '555-010-0101',
      '+44 20 7946 0958',
      '5550100123',
    ]);
  });

  it('takes no IP address, date, ticket number or version for a phone', () => {
    const clues = cluesIn(
      'Server 192.168.10.254 went down on 2026-11-04 (and 04/11/2026); ticket #1234567, build 10.0.19045 and order 88812345.',
    );
    expect(clues.phones).toEqual([]);
  });

  it('finds nothing to look up in a message without any', () => {
    expect(cluesIn('Can someone restart the VPN? Thanks!')).toEqual({ emails: [], domains: [], phones: [] });
    expect(cluesIn('')).toEqual({ emails: [], domains: [], phones: [] });
  });

  it('reads ten of each at most', () => {
    const many = Array.from({ length: 30 }, (_, i) => `user${i}@company${i}.com`).join(' ');
    const clues = cluesIn(many);
    expect(clues.emails).toHaveLength(10);
    expect(clues.domains).toHaveLength(10);
  });
});

describe('signatureIn', () => {
  it('reads a sign-off, name, title line with the company, and a contact line', () => {
    expect(
      signatureIn(
        [
          'Hi team, the scanner on the 2nd floor is offline again.',
          '',
          'Thanks,',
          'Jane Doe',
          'IT Manager | Acme Corporation',
          'jane@acme.com | +1 555 010 0101',
        ].join('\n'),
      ),
    ).toEqual({
      firstName: 'Jane',
      lastName: 'Doe',
      title: 'IT Manager',
      email: 'jane@acme.com',
      phone: '+1 555 010 0101',
      mobile: null,
    });
  });

  it('reads a "--" signature with labelled phones and a Slack-wrapped email, telling the mobile apart', () => {
    expect(
      signatureIn(
        [
          'Please add me to the portal.',
          '--',
          '*Omar Haddad*',
          '_Operations Director_',
          'Quayside Logistics',
          'T: +1 (555) 300-4001  M: +1 (555) 300-4099',
          'E: <mailto:omar@quayside-logistics.example|omar@quayside-logistics.example>',
        ].join('\n'),
      ),
    ).toEqual({
      firstName: 'Omar',
      lastName: 'Haddad',
      title: 'Operations Director',
      email: 'omar@quayside-logistics.example',
      phone: '+1 (555) 300-4001',
      mobile: '+1 (555) 300-4099',
    });
  });

  it('reads a name and title on one line, a mobile on its own line, and an accented name', () => {
    expect(
      signatureIn(
        [
          'Kind regards,',
          '',
          'José Álvarez-Ruiz, Office Manager',
          'Fabrikam Dental',
          'Mobile: 555 404 0199',
          'jose@fabrikam-dental.example',
        ].join('\n'),
      ),
    ).toEqual({
      firstName: 'José',
      lastName: 'Álvarez-Ruiz',
      title: 'Office Manager',
      email: 'jose@fabrikam-dental.example',
      phone: null,
      mobile: '555 404 0199',
    });
  });

  it('reads a signature with no sign-off, a title-less one, and a first name right under the sign-off', () => {
    expect(signatureIn('Dr. Lena Brandt\nlena@brandt-clinic.example\n+1 555 013 4770')).toMatchObject({
      firstName: 'Lena',
      lastName: 'Brandt',
      title: null,
      email: 'lena@brandt-clinic.example',
    });
    expect(signatureIn('Cheers,\nTomas\nSupport Lead\ntomas@quayside-logistics.example')).toMatchObject({
      firstName: 'Tomas',
      lastName: null,
      title: 'Support Lead',
      email: 'tomas@quayside-logistics.example',
    });
  });

  it('takes a greeting or a company for no name, and is undefined for a message that signs nobody', () => {
    expect(signatureIn('Hi Team\nthe printer is broken, call me at 555 010 0100')).toBeUndefined();
    expect(signatureIn('Acme Support Team\nsupport@acme.com')).toBeUndefined();
    expect(signatureIn('Can you reset my password? jane@acme.com')).toBeUndefined();
    expect(signatureIn('Jane Doe\nIT Manager')).toBeUndefined();
    expect(signatureIn('')).toBeUndefined();
  });
});

/** Microseconds per call of `work`, the least of several timed batches (the least is the least disturbed). */
function costOf(work: () => unknown): number {
  let calls = 1;
  for (;;) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) work();
    if (performance.now() - started >= 10) break;
    calls *= 2;
  }
  let best = Number.POSITIVE_INFINITY;
  for (let trial = 0; trial < 3; trial++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) work();
    best = Math.min(best, (performance.now() - started) / calls);
  }
  return best;
}

/** Inputs built to make a careless pattern backtrack: long runs that almost match, then do not. */
const HOSTILE: Record<string, (n: number) => string> = {
  letters: (n) => 'a'.repeat(n),
  'almost an email': (n) => `${'a.'.repeat(n / 2)}@`,
  'almost a domain': (n) => 'ab-'.repeat(n / 3),
  'digits and separators': (n) => '1 ('.repeat(n / 3),
  'trailing decoration': (n) => `${'_'.repeat(n - 1)}x`,
  'open brackets': (n) => '<mailto:'.repeat(n / 8),
  'name lines': (n) => 'Jane Doe\n'.repeat(n / 9),
  'separators in a line': (n) => 'Jane Doe | '.repeat(n / 11),
};

describe('a hostile message', () => {
  const both = (text: string) => {
    cluesIn(text);
    signatureIn(text);
  };
  /**
   * How much more the longer text costs than the shorter: the least of up to three measurements, since a machine
   * shared with other work only ever makes one look slower, while a quadratic pattern is slower every time.
   */
  const ratio = (longer: string, shorter: string) => {
    let least = Number.POSITIVE_INFINITY;
    for (let attempt = 0; attempt < 3 && least >= 3; attempt++)
      least = Math.min(least, costOf(() => both(longer)) / costOf(() => both(shorter)));
    return least;
  };

  it.each(Object.keys(HOSTILE))('costs no more than its length: %s, 50k vs 100k characters', (name) => {
    const make = HOSTILE[name];
    if (!make) throw new Error(name);
    // Doubling the message at most doubles the work (linear would be 2, quadratic 4).
    expect(ratio(make(100_000), make(50_000))).toBeLessThan(3);
    // And below the cap, where every character is read.
    expect(ratio(make(MAX_MESSAGE_CHARS), make(MAX_MESSAGE_CHARS / 2))).toBeLessThan(3);
  });
});
