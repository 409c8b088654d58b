import { afterEach, describe, expect, it } from 'vitest';
import { BOT_TOKEN, SIGNING_SECRET, type StartedApp, startApp, textOf } from '../helpers/app.js';
import { signedHeaders } from '../helpers/signing.js';

describe('the app over real HTTP', () => {
  let app: StartedApp;
  afterEach(async () => {
    expect(app.slack.violations).toEqual([]);
    await app.stop();
  });

  it('answers /customer help with usage, ephemerally, in the ack', async () => {
    app = await startApp();
    const reply = await app.sendCommand('/customer', 'help');
    expect(reply.status).toBe(200);
    expect(reply.json?.response_type).toBe('ephemeral');
    expect(textOf(reply.json)).toContain('/customer new');
    expect(textOf(reply.json)).toContain('/customer audit');
  });

  it('answers an empty /contact with its help', async () => {
    app = await startApp();
    const reply = await app.sendCommand('/contact', '');
    expect(reply.status).toBe(200);
    expect(textOf(reply.json)).toContain('/contact add');
  });

  it('refuses unsigned, wrongly signed and stale requests with 401 and calls no Slack method', async () => {
    app = await startApp();
    const body = new URLSearchParams({
      command: '/customer',
      text: 'help',
      team_id: 'T0001',
      user_id: 'U1',
    }).toString();
    const now = Math.floor(Date.now() / 1000);
    const unsigned = await app.post(body, { 'content-type': 'application/x-www-form-urlencoded' });
    const wrong = await app.post(body, signedHeaders('not-the-secret-at-all', body));
    const stale = await app.post(body, signedHeaders(SIGNING_SECRET, body, now - 6 * 60));
    expect([unsigned.status, wrong.status, stale.status]).toEqual([401, 401, 401]);
    // auth.test at start-up is the token check of single-workspace mode, not a reaction to these requests.
    expect(app.slack.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
    expect(app.slack.responses).toEqual([]);
  });

  it('serves /healthz and /readyz', async () => {
    app = await startApp();
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true });
  });

  it('redacts tokens and response_urls from log lines written while handling a request', async () => {
    app = await startApp({ env: { LOG_LEVEL: 'trace' } });
    // A slash command carries Slack's legacy verification token and a response_url; at trace level the app logs
    // each request's whole payload, and at debug level only a summary of it.
    await app.sendCommand('/customer', 'help');
    const summary = app.logs.lines.find((l) => l.msg === 'slack request');
    expect(summary).toMatchObject({ kind: 'slash_command', command: '/customer', user: 'U0TECH' });
    expect(summary).not.toHaveProperty('body');
    const payload = app.logs.lines.find((l) => l.msg === 'slack request payload');
    expect(payload).toMatchObject({
      body: { token: '[Redacted]', response_url: '[Redacted]', command: '/customer' },
    });
    // Free text from libraries (Bolt logs strings) is scrubbed of anything that looks like a token too.
    app.bot.services.logger.warn(`retrying with Authorization: Bearer ${BOT_TOKEN}`);
    const text = app.logs.text();
    expect(text).not.toContain('legacy-verification-token-abc');
    expect(text).not.toContain('secrettokenvalue');
    expect(text).not.toContain('/response/');
  });
});
