import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

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
    expect(problemsOf({ ...single, PORT: 'eighty', VENDOR: 'autotask', ENCRYPTION_KEY: 'short' })).toEqual([
      'PORT is invalid: expected a port number from 0 to 65535',
      'VENDOR is invalid: expected one of atera, syncro, sandbox',
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
});
