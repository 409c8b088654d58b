// Worker thread that fires prepared slash commands all at once, so the load generator does not share the app's event loop.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

export interface AckClientInput {
  url: string;
  commands: Array<{ body: string; headers: Record<string, string> }>;
}

/** Times are epoch milliseconds (timeOrigin + now), comparable across threads. */
export interface AckClientResult {
  sentAt: number;
  ackedAt: number;
  status: number;
  ackText: string;
}

const epoch = () => performance.timeOrigin + performance.now();

function post(
  agent: Agent,
  url: URL,
  method: string,
  body: string | undefined,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function run(input: AckClientInput): Promise<AckClientResult[]> {
  // One keep-alive connection per command, opened beforehand, as Slack's senders keep theirs: the burst then
  // measures the app, not 200 TCP handshakes and this thread's first use of the HTTP client.
  const agent = new Agent({ keepAlive: true, maxSockets: input.commands.length });
  const health = new URL('/healthz', input.url);
  await Promise.all(input.commands.map(() => post(agent, health, 'GET', undefined, {})));
  const events = new URL('/slack/events', input.url);
  const results = await Promise.all(
    input.commands.map(async (command) => {
      const sentAt = epoch();
      const res = await post(agent, events, 'POST', command.body, {
        ...command.headers,
        'content-length': String(Buffer.byteLength(command.body)),
      });
      return { sentAt, ackedAt: epoch(), status: res.status, ackText: res.text };
    }),
  );
  agent.destroy();
  return results;
}

run(workerData as AckClientInput).then(
  (results) => parentPort?.postMessage({ results }),
  (error: unknown) => parentPort?.postMessage({ error: String(error) }),
);
