import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFakeSlack } from '../fakes/slack/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Runs `src/main.ts` as a process with only the given environment, as an operator would start it. */
function runMain(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('starting the process with bad settings', () => {
  it('exits 1 with one line naming a bad PORT', async () => {
    const { code, stderr } = await runMain({
      PORT: 'abc',
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_SIGNING_SECRET: 'abcdef0123456789',
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'config: PORT is invalid: expected a port number from 0 to 65535',
    ]);
  });

  it('exits 1 with one line naming a missing SLACK_SIGNING_SECRET', async () => {
    const { code, stderr } = await runMain({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' });
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^config: SLACK_SIGNING_SECRET is missing/);
    expect(stderr).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
  });

  it('exits 1 with one line when Slack rejects the bot token, without a stack trace', async () => {
    const slack = await startFakeSlack();
    slack.failures.set('auth.test', 'invalid_auth');
    try {
      const { code, stderr } = await runMain({
        SLACK_BOT_TOKEN: 'xoxb-1-2-revokedtoken',
        SLACK_SIGNING_SECRET: 'abcdef0123456789',
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        LOG_LEVEL: 'error',
        DATA_DIR: `${process.env.TMPDIR ?? '/tmp'}/msp-startup-${process.pid}`,
      });
      expect(code).toBe(1);
      const lines = stderr.trim().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(/^fatal: Slack did not accept SLACK_BOT_TOKEN \(invalid_auth\)/),
      ]);
      expect(stderr).not.toContain('revokedtoken');
    } finally {
      await slack.stop();
    }
  });
});
