import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, SETTING_NAMES } from '../../src/config.js';
import { productionPlaygroundRefusal, unknownSlackSettings } from '../../src/playground/startup-checks.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env, { isTTY: false });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

const single = { SLACK_BOT_TOKEN: 'xoxb-1-2-abcdef', SLACK_SIGNING_SECRET: 'abcdef0123456789' };

describe('loadConfig', () => {
  it('runs on embedded defaults: sandbox vendor, port 3000, ./data', () => {
    const config = loadConfig(single, { isTTY: false });
    expect(config).toMatchObject({
      port: 3000,
      slack: { kind: 'single', botToken: 'xoxb-1-2-abcdef' },
      vendor: { vendor: 'sandbox' },
      dataDir: './data',
      slackApiUrl: 'https://slack.com/api/',
    });
  });

  it('has no Slack mode when no Slack variable is set', () => {
    expect(loadConfig({}, { isTTY: false }).slack).toEqual({ kind: 'unconfigured' });
  });

  it('picks OAuth mode from the client id, secret and state secret', () => {
    const config = loadConfig(
      {
        SLACK_CLIENT_ID: '1.2',
        SLACK_CLIENT_SECRET: 'cs',
        SLACK_STATE_SECRET: 'a-long-state-secret',
        SLACK_SIGNING_SECRET: 'abcdef0123456789',
      },
      { isTTY: false },
    );
    expect(config.slack.kind).toBe('oauth');
  });

  it('names each bad variable on its own line', () => {
    expect(problemsOf({ ...single, PORT: 'eighty', VENDOR: 'halopsa', ENCRYPTION_KEY: 'short' })).toEqual([
      'PORT is invalid: expected a port number from 0 to 65535',
      'VENDOR is invalid: expected one of atera, syncro, autotask, superops, sandbox',
      'ENCRYPTION_KEY is invalid: expected base64 of exactly 32 bytes (openssl rand -base64 32)',
    ]);
  });

  it('requires the signing secret in HTTP mode', () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1-2-abcdef' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^SLACK_SIGNING_SECRET is missing/);
  });

  it('requires the key (and subdomain) of the chosen vendor', () => {
    expect(problemsOf({ ...single, VENDOR: 'atera' })[0]).toMatch(/^ATERA_API_KEY is missing/);
    expect(problemsOf({ ...single, VENDOR: 'syncro', SYNCRO_API_KEY: 'k' })[0]).toMatch(
      /^SYNCRO_SUBDOMAIN is missing/,
    );
    expect(
      loadConfig({ ...single, SYNCRO_API_KEY: 'k', SYNCRO_SUBDOMAIN: 'acme' }, { isTTY: false }).vendor,
    ).toEqual({
      vendor: 'syncro',
      apiKey: 'k',
      baseUrl: 'https://acme.syncromsp.com',
    });
  });

  it('treats a blank variable as unset', () => {
    expect(loadConfig({ ...single, PORT: '', LOG_LEVEL: ' ' }, { isTTY: false }).port).toBe(3000);
  });

  it('never echoes a secret value in a problem', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'xoxp-user-token-value',
      SLACK_SIGNING_SECRET: 'abcdef0123456789',
    });
    expect(problems.join('\n')).not.toContain('user-token-value');
    expect(problems[0]).toMatch(/^SLACK_BOT_TOKEN is invalid/);
  });

  it('reads PLAYGROUND_ALLOWED_HOSTS as lower-cased host names, with or without a port', () => {
    expect(loadConfig(single, { isTTY: false }).playgroundAllowedHosts).toEqual([]);
    const config = loadConfig(
      { ...single, PLAYGROUND_ALLOWED_HOSTS: ' DevBox.lan, other.lan:8080 ,[fd00::1]:3000' },
      { isTTY: false },
    );
    expect(config.playgroundAllowedHosts).toEqual(['devbox.lan', 'other.lan:8080', '[fd00::1]:3000']);
    for (const bad of ['http://devbox.lan', 'devbox.lan/x', 'a b', 'devbox.lan:port'])
      expect(problemsOf({ ...single, PLAYGROUND_ALLOWED_HOSTS: bad })).toEqual([
        expect.stringMatching(/^PLAYGROUND_ALLOWED_HOSTS is invalid: expected comma-separated host names/),
      ]);
  });
});

describe('settings mistakes that would open the playground', () => {
  it('knows every SLACK_* setting it reads, and names a mistyped one with its likely meaning', () => {
    expect(SETTING_NAMES).toContain('SLACK_BOT_TOKEN');
    expect(unknownSlackSettings({ ...single, SLACK_API_URL: 'http://x', PATH: '/bin' })).toEqual([]);
    expect(unknownSlackSettings({ SLACK_BOT_TOKN: 'xoxb-1', SLACK_SIGNING_SECRT: 's', SLACK_: '' })).toEqual([
      'SLACK_BOT_TOKN is not a setting of this bot (did you mean SLACK_BOT_TOKEN?): fix its name, or unset it',
      'SLACK_SIGNING_SECRT is not a setting of this bot (did you mean SLACK_SIGNING_SECRET?): fix its name, or unset it',
    ]);
    expect(unknownSlackSettings({ SLACK_WEBHOOK_FOR_ALERTS: 'x' })).toEqual([
      'SLACK_WEBHOOK_FOR_ALERTS is not a setting of this bot: fix its name, or unset it',
    ]);
  });

  it('refuses only production with a real vendor and no Slack credentials', () => {
    const atera = { VENDOR: 'atera', ATERA_API_KEY: 'k-0123456789' };
    const refusal = (env: Record<string, string>, nodeEnv?: string) =>
      productionPlaygroundRefusal(loadConfig(env, { isTTY: false }), nodeEnv);
    expect(refusal(atera, 'production')).toMatch(
      /^SLACK_BOT_TOKEN is missing: NODE_ENV=production with VENDOR=atera/,
    );
    expect(refusal(atera, 'production')).not.toContain('k-0123456789');
    expect(refusal(atera)).toBeUndefined();
    expect(refusal({}, 'production')).toBeUndefined();
    expect(refusal({ ...atera, ...single }, 'production')).toBeUndefined();
  });
});
