// A tiny round-robin load balancer for replica tests: forwards raw bodies and headers, and moves on to the
// next replica when one refuses the connection (it is stopping), as a real load balancer does.
import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The header the proxy adds to each answer: which target (0-based) answered. */
export const REPLICA_HEADER = 'x-test-replica';

export interface RoundRobinProxy {
  url: string;
  /** Answers forwarded per target. */
  answered: number[];
  /** Connections refused or reset before an answer, per target (the proxy tried the next one). */
  refused: number[];
  close(): Promise<void>;
}

type Forwarded =
  | { ok: true; status: number; headers: IncomingHttpHeaders; body: Buffer }
  | { ok: false; refused: boolean; error: Error };

function forward(
  target: URL,
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<Forwarded> {
  return new Promise((resolve) => {
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method,
        path,
        // A connection per request: a refused connect then proves the request never reached that replica,
        // so trying the next one cannot run it twice.
        agent: false,
        headers: { ...headers, host: target.host, connection: 'close', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            ok: true,
            status: res.statusCode ?? 502,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on('error', (error) => resolve({ ok: false, refused: false, error }));
      },
    );
    // Refused, or reset before any byte of an answer: a replica closing its listener resets the connections
    // still in the kernel's accept backlog, which its app never saw (the app itself never resets a connection
    // it accepted before its shutdown timeout), so the request did not run there and may go elsewhere.
    out.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ ok: false, refused: error.code === 'ECONNREFUSED' || error.code === 'ECONNRESET', error }),
    );
    out.end(body);
  });
}

export async function startRoundRobinProxy(targets: readonly string[]): Promise<RoundRobinProxy> {
  const urls = targets.map((t) => new URL(t));
  const answered = urls.map(() => 0);
  const refused = urls.map(() => 0);
  let next = 0;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const first = next;
        next = (next + 1) % urls.length;
        for (let i = 0; i < urls.length; i++) {
          const index = (first + i) % urls.length;
          const target = urls[index];
          if (!target) continue;
          const result = await forward(target, req.method ?? 'GET', req.url ?? '/', req.headers, body);
          if (result.ok) {
            answered[index] = (answered[index] ?? 0) + 1;
            const headers = { ...result.headers, [REPLICA_HEADER]: String(index) };
            delete headers.connection;
            delete headers['transfer-encoding'];
            headers['content-length'] = String(result.body.length);
            res.writeHead(result.status, headers);
            res.end(result.body);
            return;
          }
          if (!result.refused) {
            // The replica may have seen the request: retrying elsewhere could run it twice.
            res.writeHead(502, { 'content-type': 'text/plain' });
            res.end(`replica ${index} failed mid-request: ${result.error.message}`);
            return;
          }
          refused[index] = (refused[index] ?? 0) + 1;
        }
        res.writeHead(503, { 'content-type': 'text/plain' });
        res.end('no replica accepted the connection');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answered,
    refused,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
