// The floor an ack is measured against: a bare node:http server that checks Slack's signature and answers 200,
// started in the same process under the same load, so a ratio to it says what the bot itself adds.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MinimalServer {
  url: string;
  close(): Promise<void>;
}

/** Verifies `v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)` and a timestamp within 5 minutes. */
export async function startMinimalSignedServer(secret: string): Promise<MinimalServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(200).end('ok');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = String(req.headers['x-slack-request-timestamp'] ?? '');
      const signature = Buffer.from(String(req.headers['x-slack-signature'] ?? ''));
      const expected = Buffer.from(
        `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`,
      );
      const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
      const ok = fresh && signature.length === expected.length && timingSafeEqual(signature, expected);
      res.writeHead(ok ? 200 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
