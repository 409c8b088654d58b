// Commands per second acked and answered with 1 vs 3 replicas: each replica a real process (`src/main.ts`) in
// distributed mode on one PostgreSQL and Redis, behind the test suite's round-robin proxy.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { startFakeAtera } from '../test/fakes/atera/server.js';
import { startFakeSlack } from '../test/fakes/slack/server.js';
import { NAMED_CUSTOMERS } from '../test/fixtures/customers.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../test/helpers/app.js';
import { startRoundRobinProxy } from '../test/helpers/proxy.js';
import { signedHeaders } from '../test/helpers/signing.js';
import { ms, num, percentile, type Table } from './report.js';

export interface ReplicasBenchRow {
  replicas: number;
  commands: number;
  ackedPerSecond: number;
  answeredPerSecond: number;
  ackP50Ms: number | null;
  ackP95Ms: number | null;
  /** Commands that got no 200 or no answer. */
  failed: number;
}

const COMMANDS = 1500;

/** A PostgreSQL URL whose connections use `schema` (as test/helpers/stores.ts does, without its CI check). */
function schemaUrl(base: string, schema: string): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
const IN_FLIGHT = 64;

/** Starts `src/main.ts` with `env`; resolves with its process and port once it logs "bot listening". */
function startReplica(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, main], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (const line of buffered.split('\n')) {
        if (!line.includes('"bot listening"')) continue;
        const port = (JSON.parse(line) as { port?: number }).port;
        if (typeof port !== 'number') continue;
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        resolve({ child, url: `http://127.0.0.1:${port}` });
        return;
      }
      buffered = buffered.slice(buffered.lastIndexOf('\n') + 1);
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`replica exited with ${code} before listening`)));
  });
}

async function stopReplica(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

async function pooled<T>(count: number, limit: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      out[i] = await work(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return out;
}

/** Runs the bench; `undefined` when PostgreSQL and Redis are not given (TEST_DATABASE_URL, TEST_REDIS_URL). */
export async function benchReplicas(
  databaseUrl = process.env.TEST_DATABASE_URL,
  redisUrl = process.env.TEST_REDIS_URL,
): Promise<ReplicasBenchRow[] | undefined> {
  if (!databaseUrl || !redisUrl) return undefined;
  const slack = await startFakeSlack();
  const atera = await startFakeAtera({
    seed: { customers: NAMED_CUSTOMERS },
    generate: { customers: 500, seed: 5 },
  });
  const answered = new Map<string, number>();
  const unobserve = slack.observe((activity) => {
    if (activity.kind === 'response') answered.set(activity.post.id, performance.now());
  });
  const rows: ReplicasBenchRow[] = [];
  try {
    for (const count of [1, 3]) {
      const schema = `bench_${randomBytes(6).toString('hex')}`;
      const prefix = `msp-bench-${randomBytes(6).toString('hex')}:`;
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const env = {
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        NODE_ENV: 'production',
        VENDOR: 'atera',
        ATERA_API_KEY: atera.apiKey,
        ATERA_BASE_URL: atera.url,
        VENDOR_RATE_LIMIT_PER_MINUTE: '12000',
        QUEUE_MAX_PENDING: String(COMMANDS),
        DATABASE_URL: schemaUrl(databaseUrl, schema),
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        REDIS_URL: redisUrl,
        REDIS_KEY_PREFIX: prefix,
      };
      const replicas: ChildProcess[] = [];
      try {
        const urls: string[] = [];
        for (let i = 0; i < count; i++) {
          const started = await startReplica(env);
          replicas.push(started.child);
          urls.push(started.url);
        }
        const proxy = await startRoundRobinProxy(urls);
        const send = async (text: string) => {
          const responseUrl = slack.responseUrl();
          const body = new URLSearchParams({
            team_id: 'T0001',
            channel_id: 'C0GENERAL',
            user_id: 'U0TECH',
            user_name: 'tech',
            command: '/customer',
            text,
            api_app_id: 'A0BOT',
            response_url: responseUrl,
            trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
          }).toString();
          const sentAt = performance.now();
          const res = await fetch(`${proxy.url}/slack/events`, {
            method: 'POST',
            body,
            headers: signedHeaders(SIGNING_SECRET, body),
          });
          await res.arrayBuffer();
          return {
            ok: res.status === 200,
            id: responseUrl.slice(responseUrl.lastIndexOf('/') + 1),
            sentAt,
            ackedAt: performance.now(),
          };
        };
        // Each replica's index warm first: the bench measures serving, not the first build.
        for (let i = 0; i < count; i++) {
          const warm = await send('Acme Corporation');
          const deadline = Date.now() + 60_000;
          while (!answered.has(warm.id) && Date.now() < deadline)
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const start = performance.now();
        const sent = await pooled(COMMANDS, IN_FLIGHT, (i) =>
          send(i % 10 === 0 ? 'Acme Corporation' : i % 2 ? 'globex' : 'initech'),
        );
        const lastAck = Math.max(...sent.map((s) => s.ackedAt));
        const deadline = Date.now() + 120_000;
        while (sent.some((s) => !answered.has(s.id)) && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 20));
        const answerTimes = sent.map((s) => answered.get(s.id)).filter((t): t is number => t !== undefined);
        const lastAnswer = Math.max(...answerTimes);
        const acks = sent.map((s) => s.ackedAt - s.sentAt);
        rows.push({
          replicas: count,
          commands: COMMANDS,
          ackedPerSecond: (COMMANDS * 1000) / (lastAck - start),
          answeredPerSecond: (answerTimes.length * 1000) / (lastAnswer - start),
          ackP50Ms: percentile(acks, 0.5),
          ackP95Ms: percentile(acks, 0.95),
          failed: sent.filter((s) => !s.ok || !answered.has(s.id)).length,
        });
        await proxy.close();
      } finally {
        await Promise.all(replicas.map(stopReplica));
        await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await admin.end();
        const redis = new Redis(redisUrl);
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length > 0) await redis.del(...keys);
        await redis.quit();
      }
    }
  } finally {
    unobserve();
    await atera.close();
    await slack.stop();
  }
  return rows;
}

/** The bench as a table for bench/run.ts. */
export async function benchReplicasTable(): Promise<Table> {
  const rows = await benchReplicas();
  const title = 'Replicas: commands per second acked and answered with 1 vs 3 replicas';
  if (!rows)
    return {
      title,
      setup: 'Not run: set TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL (Redis).',
      head: ['Replicas'],
      rows: [],
    };
  return {
    title,
    setup:
      `${num(COMMANDS)} /customer lookups (1 in 10 a card, which costs one vendor request; the rest answered from ` +
      `the warm index), ${IN_FLIGHT} in flight, sent through a round-robin proxy to replicas that are separate ` +
      'processes (src/main.ts) in distributed mode on one PostgreSQL schema and one Redis; fake Slack and fake ' +
      'Atera in the bench process. Rates run from the first send to the last ack / last answer.',
    head: ['Replicas', 'Acked / s', 'Answered / s', 'Ack p50 / p95', 'Failed'],
    rows: rows.map((r) => [
      String(r.replicas),
      num(r.ackedPerSecond),
      num(r.answeredPerSecond),
      `${ms(r.ackP50Ms)} / ${ms(r.ackP95Ms)}`,
      num(r.failed),
    ]),
    notes: [
      'The replicas share this machine’s cores with each other, the proxy, the fakes and the bench; on separate ' +
        'machines each replica brings its own CPU.',
    ],
  };
}
