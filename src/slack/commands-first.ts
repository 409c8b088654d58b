// Slash commands are acknowledged before Bolt sees them. Slack waits for a command's HTTP answer, and under a
// burst (hundreds of technicians, one event loop) Bolt's own work per request (parsing, middleware, authorize,
// the listener up to its ack) queues every later ack behind it: measured, the 300-command burst's ack p99 was
// 11 to 15 times a bare signed server's. Here a signed command is answered 200 at once, as cheaply as that bare
// server does, and handed to Bolt afterwards, one per turn of the event loop, so reading the next request comes
// before dispatching the last. What a listener acks with (help, "not connected") goes to the command's
// response_url instead, which shows it the same way (ephemeral unless it says otherwise). Everything else
// (interactivity, options, events, function executions, OAuth, custom routes) is Bolt's HTTPReceiver as it is.
import { AsyncResource } from 'node:async_hooks';
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { type App, HTTPModuleFunctions, type HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../logger.js';

export interface CommandsFirst {
  /** Resolves once every command acked so far has been through Bolt (stop() waits for it). */
  idle(): Promise<void>;
  /** Commands acked and not yet through Bolt: accepted work, as a queue's pending jobs are. */
  waiting(): number;
}

/**
 * Said on the response_url when no listener acked a command (one failed before its ack, or none handles it):
 * Slack already has its 200, so without this the technician would see nothing at all.
 */
export const UNHANDLED_COMMAND =
  ':warning: Something went wrong before this command could be answered, and nothing was changed. Try again; if it keeps failing, ask your admin to look at the bot’s log.';

/** The time a command reached the bot: listeners whose budget is Slack's 3 seconds count from it. */
export const RECEIVED_AT = 'commandReceivedAt';

/**
 * The longest a command waits for Bolt while others keep arriving: its listener may still have to open a modal
 * with the command's trigger_id, which Slack honours for 3 seconds.
 */
const MAX_DEFER_MS = 250;

/** A pause this long between commands counts as the end of a burst. */
const QUIET_MS = 10;

/** A form body with a `command` field, or with an `ssl_check` one (checked as Bolt checks them, by name). */
const COMMAND_FIELD = /(?:^|&)command=/;
const SSL_CHECK_FIELD = /(?:^|&)ssl_check=/;

/**
 * Slack's signature over exactly this body, `v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>")`, with a timestamp
 * no more than 5 minutes old: what Bolt's verifySlackRequest checks, with one HMAC and a constant-time compare.
 * Whatever fails here goes on to Bolt, which refuses it (401) and logs why.
 */
function signedBySlack(secret: string, req: IncomingMessage, body: Buffer, nowMs = Date.now()): boolean {
  const timestamp = req.headers['x-slack-request-timestamp'];
  const signature = req.headers['x-slack-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || !/^\d+$/.test(timestamp))
    return false;
  if (Number(timestamp) < Math.floor(nowMs / 1000) - 5 * 60) return false;
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(body).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The body, up to `limit` bytes, kept on the request as `rawBody` so that Bolt reads the same bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        reject(Object.assign(new Error('request body too large'), { statusCode: 413 }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks, length);
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
      resolve(body);
    });
    req.on('error', reject);
  });
}

const isForm = (req: IncomingMessage) =>
  (req.headers['content-type'] ?? '').split(';')[0]?.trim() === 'application/x-www-form-urlencoded';

/** Posts what a listener acked with to the command's response_url, as Bolt's respond() does. */
async function postToResponseUrl(url: string, response: unknown): Promise<void> {
  const message = typeof response === 'string' ? { text: response } : response;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(10_000),
  });
  await res.body?.cancel();
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}

export function ackCommandsFirst(
  receiver: HTTPReceiver,
  app: App,
  o: { signingSecret: string; endpoint: string; logger: Logger },
): CommandsFirst {
  const bolt = receiver.requestListener;
  const waiting: Array<{ at: number; work: () => Promise<void> }> = [];
  const running = new Set<Promise<void>>();
  let pumping = false;
  let lastArrival = 0;

  // One command into Bolt per turn of the event loop, and none while commands are still arriving (one came in the
  // last QUIET_MS) unless the oldest has waited MAX_DEFER_MS: while a burst arrives, acking it comes first; once
  // it pauses, the waiting ones go through Bolt, oldest first, a turn each so that reading goes on in between.
  const turn = () => {
    const oldest = waiting[0];
    const now = performance.now();
    if (oldest && now - lastArrival < QUIET_MS && now - oldest.at < MAX_DEFER_MS) {
      setTimeout(turn, 1);
      return;
    }
    if (oldest) {
      waiting.shift();
      const run: Promise<void> = oldest.work().finally(() => running.delete(run));
      running.add(run);
    }
    if (waiting.length > 0) setImmediate(turn);
    else pumping = false;
  };
  const later = (work: () => Promise<void>) => {
    lastArrival = performance.now();
    // Each in its own request's async context (what AsyncLocalStorage holds for it), not the pump's.
    waiting.push({ at: lastArrival, work: AsyncResource.bind(work) });
    if (!pumping) {
      pumping = true;
      setImmediate(turn);
    }
  };

  async function dispatch(body: Record<string, unknown>, req: IncomingMessage, receivedAt: number) {
    const responseUrl = typeof body.response_url === 'string' ? body.response_url : undefined;
    let acked = false;
    const ack = async (response?: unknown) => {
      acked = true;
      if (response === undefined || response === '' || !responseUrl) return;
      await postToResponseUrl(responseUrl, response).catch((error: unknown) =>
        o.logger.warn(
          { err: error, command: body.command },
          'could not post a command’s ack to its response_url',
        ),
      );
    };
    try {
      await app.processEvent({
        body,
        ack,
        retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
        retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
        customProperties: { [RECEIVED_AT]: receivedAt },
      });
    } catch (error) {
      o.logger.error({ err: error, command: body.command }, 'unhandled error in a slash command');
    }
    // Slack already has its 200: a command no listener took would otherwise answer nothing at all.
    if (!acked && responseUrl)
      await postToResponseUrl(responseUrl, { response_type: 'ephemeral', text: UNHANDLED_COMMAND }).catch(
        () => undefined,
      );
  }

  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== o.endpoint || !isForm(req)) return bolt(req, res);
    const receivedAt = Date.now();
    readBody(req, HTTPModuleFunctions.defaultBodyLimit).then(
      (raw) => {
        const buffered = req as Parameters<typeof HTTPModuleFunctions.parseHTTPRequestBody>[0];
        const text = raw.toString('utf8');
        // Not a command (an interaction, an ssl_check) or not signed: Bolt reads the kept body and answers as
        // always (401 for a bad signature). The body is parsed only when Bolt takes the command, after the ack.
        if (
          !COMMAND_FIELD.test(text) ||
          SSL_CHECK_FIELD.test(text) ||
          !signedBySlack(o.signingSecret, req, raw)
        )
          return bolt(buffered, res);
        HTTPModuleFunctions.buildNoBodyResponse(res, 200);
        later(() =>
          dispatch(
            HTTPModuleFunctions.parseHTTPRequestBody(buffered) as Record<string, unknown>,
            req,
            receivedAt,
          ),
        );
      },
      (error: unknown) => {
        const tooLarge = (error as { statusCode?: number }).statusCode === 413;
        o.logger.warn({ err: error }, 'could not read a request body');
        if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, tooLarge ? 413 : 400);
      },
    );
  };

  return {
    waiting: () => waiting.length + running.size,
    async idle() {
      while (waiting.length > 0 || running.size > 0) {
        if (running.size > 0) await Promise.allSettled([...running]);
        else await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}
