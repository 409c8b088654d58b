// Found sound, kept so: only requests Slack signed, recently, for exactly this body reach a listener. A forged,
// tampered, replayed or stale request is answered 401, and nothing is called at Slack or at the vendor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { SIGNING_SECRET, type StartedApp, startApp } from '../helpers/app.js';
import { blockAction } from '../helpers/payloads.js';
import { signedHeaders, slackSignature } from '../helpers/signing.js';

describe('a request that Slack did not sign, just now, for this body, is refused', () => {
  let app: StartedApp;
  beforeAll(async () => {
    app = await startApp({ vendor: 'atera', atera: { seed: { customers: NAMED_CUSTOMERS } } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  const command = (text: string) =>
    new URLSearchParams({
      token: 'legacy-verification-token-abc',
      team_id: 'T0001',
      channel_id: 'C0GENERAL',
      user_id: 'U0TECH',
      command: '/customer',
      text,
      response_url: app.slack.responseUrl(),
      trigger_id: '1.2.abc',
    }).toString();
  /** A delete confirmation click: what an attacker would most like to forge. */
  const confirm = () =>
    new URLSearchParams({
      payload: JSON.stringify(blockAction({ actionId: 'delete_confirm', value: '1', userId: 'U0TECH' })),
    }).toString();
  const now = () => Math.floor(Date.now() / 1000);
  const form = { 'content-type': 'application/x-www-form-urlencoded' };

  it('answers 401 to forged, tampered, replayed and stale requests, and touches neither Slack nor the vendor', async () => {
    const slackCallsBefore = app.slack.calls.filter((c) => c.method !== 'auth.test').length;
    const vendorBefore = app.atera?.requests().length ?? 0;
    const body = command('acme');
    const attempts: [string, string, Record<string, string>][] = [
      ['unsigned', body, form],
      ['signed with another secret', body, signedHeaders('an-attacker-guess-0123456789', body)],
      ['a signature of another body', command('globex'), { ...signedHeaders(SIGNING_SECRET, body) }],
      ['tampered after signing', `${body}&text=delete`, signedHeaders(SIGNING_SECRET, body)],
      [
        'a captured request replayed six minutes later',
        body,
        signedHeaders(SIGNING_SECRET, body, now() - 6 * 60),
      ],
      [
        'a signature without its version prefix',
        body,
        {
          ...form,
          'x-slack-request-timestamp': String(now()),
          'x-slack-signature': slackSignature(SIGNING_SECRET, now(), body).replace(/^v0=/, ''),
        },
      ],
      ['a forged delete confirmation', confirm(), signedHeaders('an-attacker-guess-0123456789', confirm())],
    ];
    for (const [what, sent, headers] of attempts) {
      const reply = await app.post(sent, headers);
      expect([what, reply.status]).toEqual([what, 401]);
    }
    // A refused request never reaches a listener, so there is no work in flight to wait for.
    expect(app.slack.calls.filter((c) => c.method !== 'auth.test')).toHaveLength(slackCallsBefore);
    expect(app.slack.responses).toEqual([]);
    expect(app.atera?.requests().length ?? 0).toBe(vendorBefore);
    expect(app.atera?.requests('DELETE') ?? []).toEqual([]);
  });

  it('answers the same request when Slack signed it now (the refusals above were the signature’s doing)', async () => {
    const body = command('help');
    const reply = await app.post(body, signedHeaders(SIGNING_SECRET, body));
    expect(reply.status).toBe(200);
  });
});
