// Issue 14, item 1, at the process's door: `npm start` without Slack credentials opens the sandbox playground at
// a link that carries its token, and refuses (one line, exit 1) where it would otherwise serve real data: a
// production process with a real vendor and no Slack credentials, a mistyped SLACK_* variable, a real vendor on
// a public interface.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeAtera, startFakeAtera } from '../fakes/atera/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `src/main.ts` as an operator would, with only the given environment. */
function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

describe('item 1: what the process starts without Slack credentials', () => {
  let atera: FakeAtera;
  let dataDir: string;
  let real: Record<string, string>;
  beforeAll(async () => {
    atera = await startFakeAtera();
    dataDir = mkdtempSync(join(tmpdir(), 'msp-playground-start-'));
    real = {
      DATA_DIR: dataDir,
      PORT: '0',
      LOG_LEVEL: 'error',
      VENDOR: 'atera',
      ATERA_API_KEY: atera.apiKey,
      ATERA_BASE_URL: atera.url,
    };
  });
  afterAll(async () => {
    await atera?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses, in one line, NODE_ENV=production with a real vendor and no Slack credentials', async () => {
    const run = start({ ...real, NODE_ENV: 'production', HOST: '127.0.0.1' });
    expect(await run.exited).toBe(1);
    expect(run.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(/^config: SLACK_BOT_TOKEN is missing: NODE_ENV=production with VENDOR=atera/),
    ]);
    expect(run.stderr()).not.toContain(atera.apiKey);
    expect(atera.requests()).toEqual([]);
  });

  it('names a set but unknown SLACK_* variable (SLACK_BOT_TOKN) in one line instead of opening the playground', async () => {
    const run = start({ ...real, HOST: '127.0.0.1', SLACK_BOT_TOKN: 'xoxb-1-2-mistyped' });
    expect(await run.exited).toBe(1);
    expect(run.stderr().trim().split('\n')).toEqual([
      'config: SLACK_BOT_TOKN is not a setting of this bot (did you mean SLACK_BOT_TOKEN?): fix its name, or unset it',
    ]);
    expect(run.stderr()).not.toContain('mistyped');
  });

  it('refuses, in one line, the playground with a real vendor on every interface (HOST=0.0.0.0)', async () => {
    const run = start({ ...real, HOST: '0.0.0.0' });
    expect(await run.exited).toBe(1);
    expect(run.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(/^config: HOST=0\.0\.0\.0 is refused for the playground with VENDOR=atera/),
    ]);
    expect(atera.requests()).toEqual([]);
  });

  it('opens the sandbox playground on 0.0.0.0 (as in Docker) at a printed link whose token unlocks /api', async () => {
    // The Docker image's settings: production, every interface; the sandbox needs no Slack and no key.
    const run = start({
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '0.0.0.0',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
    });
    try {
      const line = await new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no playground link in: ${run.stdout()}${run.stderr()}`)),
          15_000,
        );
        run.child.stdout?.on('data', () => {
          for (const text of run.stdout().split('\n')) {
            if (!text.includes('playground: open')) continue;
            clearTimeout(timer);
            resolve(JSON.parse(text) as Record<string, unknown>);
          }
        });
      });
      const link = new URL(String(line.url));
      expect(link.hostname).toBe('localhost');
      expect(String(line.msg)).toContain(link.href);
      const token = new URLSearchParams(link.hash.slice(1)).get('token') ?? '';
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const base = `${link.origin}/`;
      expect((await fetch(base)).status).toBe(200);
      expect((await fetch(`${base}api/state`)).status).toBe(401);
      const state = await fetch(`${base}api/state`, { headers: { 'x-playground-token': token } });
      expect(state.status).toBe(200);
      expect(await state.json()).toMatchObject({ botName: 'MSP Desk' });
      // The link is the only line that carries the token.
      expect(run.stdout().split(token).length - 1).toBe(2);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });
});
