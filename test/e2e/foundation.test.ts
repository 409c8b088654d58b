import { afterEach, describe, expect, it } from 'vitest';
import { UNHANDLED_COMMAND } from '../../src/slack/commands-first.js';
import { BOT_TOKEN, SIGNING_SECRET, type StartedApp, startApp, textOf } from '../helpers/app.js';
import { signedHeaders } from '../helpers/signing.js';

describe('the app over real HTTP', () => {
  let app: StartedApp;
  afterEach(async () => {
    expect(app.slack.violations).toEqual([]);
    await app.stop();
  });

  it('acks a command at once with an empty 200, and answers /customer help with usage, ephemerally', async () => {
    app = await startApp();
    const reply = await app.sendCommand('/customer', 'help');
    // The ack comes before Bolt sees the command (src/slack/commands-first.ts); the usage follows it.
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    const usage = await app.responseFor(reply.responseUrl);
    expect(usage.response_type).toBe('ephemeral');
    expect(textOf(usage)).toContain('/customer new');
    expect(textOf(usage)).toContain('/customer audit');
  });

  it('says something went wrong when no listener acks a command (none handles it), rather than nothing', async () => {
    app = await startApp();
    const reply = await app.sendCommand('/not-ours', 'anything');
    expect(reply.status).toBe(200);
    expect(await app.responseFor(reply.responseUrl)).toEqual({
      response_type: 'ephemeral',
      text: UNHANDLED_COMMAND,
    });
  });

  it('answers an empty /contact with its help', async () => {
    app = await startApp();
    const reply = await app.sendCommand('/contact', '');
    expect(reply.status).toBe(200);
    expect(textOf(await app.responseFor(reply.responseUrl))).toContain('/contact add');
  });

  it('refuses unsigned, wrongly signed and stale requests with 401 and calls no Slack method', async () => {
    app = await startApp();
    // With a response_url, so that help (or anything else) reaching a listener would show there.
    const body = new URLSearchParams({
      command: '/customer',
      text: 'help',
      team_id: 'T0001',
      user_id: 'U1',
      response_url: app.slack.responseUrl(),
    }).toString();
    const now = Math.floor(Date.now() / 1000);
    const unsigned = await app.post(body, { 'content-type': 'application/x-www-form-urlencoded' });
    const wrong = await app.post(body, signedHeaders('not-the-secret-at-all', body));
    const stale = await app.post(body, signedHeaders(SIGNING_SECRET, body, now - 6 * 60));
    expect([unsigned.status, wrong.status, stale.status]).toEqual([401, 401, 401]);
    // An ssl_check (which Slack sends unsigned) carrying a command is answered as an ssl_check, and only that.
    const smuggled = await app.post(`ssl_check=1&${body}`, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(smuggled.status).toBe(200);
    // Commands reach Bolt after their ack: give any that got through the time to answer.
    await new Promise((resolve) => setTimeout(resolve, 200));
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
    const sent = await app.sendCommand('/customer', 'help');
    await app.responseFor(sent.responseUrl);
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
