// Issue 14, item 5 (the body cap): a vendor, or something posing as one, that answers with more than the cap
// (8 MiB by default) fills no memory: the answer is not read, and the user is told the vendor's answer could not
// be read (bad_response), with or without a Content-Length.
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { VendorError } from '../../src/domain/errors.js';
import { createHttpClient, DEFAULT_MAX_BODY_BYTES } from '../../src/vendors/http.js';
import { NAMED_CUSTOMERS } from '../fixtures/customers.js';
import { type StartedApp, startApp, textOf } from '../helpers/app.js';

describe('a vendor answer over the body cap is a clear bad_response', () => {
  let app: StartedApp;
  beforeAll(async () => {
    app = await startApp({ vendor: 'atera', atera: { seed: { customers: NAMED_CUSTOMERS } } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('tells the user the vendor’s answer could not be read, and keeps answering', async () => {
    // A page of customers exactly as the vendor sends it, padded past the cap with whitespace: valid JSON, so
    // only the cap stands between it and the process's memory.
    const fake = app.atera;
    if (!fake) throw new Error('no fake Atera');
    const page = await fetch(`${fake.url}/api/v3/customers?page=1&itemsInPage=50`, {
      headers: { 'x-api-key': fake.apiKey, accept: 'application/json' },
    });
    expect(page.status).toBe(200);
    const huge = `${await page.text()}${' '.repeat(DEFAULT_MAX_BODY_BYTES + 1024)}`;
    fake.inject({ method: 'GET', path: /customers/, status: 200, body: huge });
    const sent = await app.sendCommand('/customer', 'acme');
    const reply = textOf(await app.responseFor(sent.responseUrl));
    expect(reply).toContain('Atera sent an answer we could not read');
    expect(app.logs.text()).toMatch(/more than 8 MiB; the answer was not read/);
    fake.clearFaults();
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

describe('the cap holds on a streamed answer without Content-Length', () => {
  let server: Server;
  let url: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    server = createServer((_req, res) => {
      // Chunked, with no length declared: the reader must count as it goes and stop.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < 64 && res.write(chunk)) sent++;
        if (sent < 64) res.once('drain', pump);
        else res.end(']');
      };
      res.write('[');
      pump();
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('stops reading past maxBodyBytes and fails as bad_response', async () => {
    const client = createHttpClient({
      vendor: 'Hostile',
      baseUrl: url,
      maxBodyBytes: 256 * 1024,
      retry: { retries: 0 },
    });
    try {
      const error = await client
        .request({ method: 'GET', path: '/customers', schema: z.unknown() })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(VendorError);
      expect(error).toMatchObject({ kind: 'bad_response', vendor: 'Hostile' });
      expect((error as VendorError).message).toMatch(/was not read/);
    } finally {
      await client.close();
    }
  });
});
