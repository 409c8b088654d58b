// Issue 14, item 4: no secret reaches a log line at any level. The Web API client logs each request body as
// JSON text at debug ({"code":…,"client_secret":…} during an install), libraries log objects and free text,
// and vendor credentials travel in headers named Secret, ApiIntegrationCode or Authorization.
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, REDACTED } from '../../src/logger.js';
import { LogCapture, type StartedApp, startApp } from '../helpers/app.js';
import { CLIENT_SECRET, install, OAUTH_ENV, team } from '../helpers/oauth.js';

describe('item 4: secrets are masked in log strings and objects at every level', () => {
  let app: StartedApp | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it('logs an OAuth install at trace without the client secret, the code or the bot token', async () => {
    app = await startApp({ env: { ...OAUTH_ENV, LOG_LEVEL: 'trace' } });
    const alpha = team('TLOGS001', 'Log Test IT', 'ULOGADMIN');
    const done = await install(app, alpha);
    expect(done.status).toBe(200);
    const text = app.logs.text();
    // The exchange was logged (so this test sees what a debugging operator would), with its secrets masked.
    const body = app.logs.raw.find((l) => l.includes('http request body') && l.includes('client_id'));
    expect(body).toBeDefined();
    expect(body).toContain(`\\"client_secret\\":\\"${REDACTED}\\"`);
    expect(body).toContain(`\\"code\\":\\"${REDACTED}\\"`);
    for (const secret of [
      CLIENT_SECRET,
      `code-${alpha.id}`,
      alpha.botToken,
      OAUTH_ENV.SLACK_STATE_SECRET ?? '',
    ])
      expect(text).not.toContain(secret);
  });

  it('masks every secret form in strings and objects, at trace as at error', () => {
    const secrets = {
      clientSecret: 'cs-5d1e0b7a9c',
      code: 'oauth-code-77f1',
      token: 'tok-0a9b8c7d6e',
      secret: 'autotask-secret-31a7',
      password: 'hunter2-9f8e',
      apiKey: 'ak-4c3b2a1d0e',
      bearer: 'superops-token-6e5d',
      integration: 'ATINTEGRATION42',
    };
    const logs = new LogCapture();
    const logger = createLogger({ level: 'trace', destination: logs });
    const strings = [
      `http request body: {"code":"${secrets.code}","client_secret":"${secrets.clientSecret}"}`,
      `{"bot_token": "${secrets.token}", "password":"${secrets.password}", "api_key":"${secrets.apiKey}"}`,
      `{"Secret":"${secrets.secret}","ApiIntegrationCode":"${secrets.integration}","Authorization":"Bearer ${secrets.bearer}"}`,
      `retrying POST /oauth.v2.access with code=${secrets.code}&client_secret=${secrets.clientSecret}`,
      `headers: ApiIntegrationCode: ${secrets.integration}, Secret: ${secrets.secret}`,
      `nested: "{\\"client_secret\\":\\"${secrets.clientSecret}\\",\\"token\\":\\"${secrets.token}\\"}"`,
    ];
    const object = {
      code: secrets.code,
      client_secret: secrets.clientSecret,
      headers: {
        ApiIntegrationCode: secrets.integration,
        UserName: 'api-user@msp.example',
        Secret: secrets.secret,
        Authorization: `Bearer ${secrets.bearer}`,
        CustomerSubDomain: 'acme-msp',
      },
      nested: [{ accessToken: secrets.token }, { password: secrets.password, api_key: secrets.apiKey }],
    };
    for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) {
      for (const line of strings) logger[level](line);
      logger[level](object, 'an object');
      logger[level]({ detail: strings }, 'strings in an object');
    }
    const text = logs.text();
    for (const [name, value] of Object.entries(secrets)) expect(text, `${name} leaked`).not.toContain(value);
    // What is not secret stays readable: who the Autotask user is, which SuperOps subdomain, an error's code.
    expect(text).toContain('api-user@msp.example');
    expect(text).toContain('acme-msp');
    const error = Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' });
    logger.error({ err: error }, 'vendor unreachable');
    expect(logs.lines.at(-1)).toMatchObject({ err: { code: 'ECONNREFUSED' } });
  });
});
