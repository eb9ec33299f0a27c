// `serve`: booking events over HTTP. A request is accepted (202) only once its event is durably
// queued: appended to the journal file and fsynced. One worker then applies queued events in
// arrival order, so events of one booking are applied in order; the ledger makes a restart,
// which re-reads the whole journal, apply nothing twice.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { productMessages } from '../messages.ts';
import { DeadLetterFile, Ledger, appendDurably } from './ledger.ts';
import { EventFormatError, validateEvent, type BookingEvent } from './events.ts';
import { syncEvents, type SyncReport } from './engine.ts';
import type { SalesforceApi } from './salesforce.ts';

const messages = productMessages('sync.serve');

/** Header carrying `sha256=<hex HMAC-SHA256 of the raw body with the shared secret>`. */
export const SIGNATURE_HEADER = 'x-booking-signature';
const MAX_BODY_BYTES = 1024 * 1024;

export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function signatureMatches(
  body: Buffer,
  header: string | undefined,
  secret: string
): boolean {
  if (!header) return false;
  const expected = Buffer.from(sign(body.toString('utf8'), secret));
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface ServeOptions {
  api: SalesforceApi;
  secret: string;
  journalPath: string;
  ledgerPath: string;
  deadLetterPath: string;
  port?: number;
  onApplied?: (report: SyncReport) => void;
}

export interface RunningServer {
  url: string;
  server: Server;
  /** Bookings that could not be applied, with Salesforce's error. */
  deadLetters(): ReturnType<DeadLetterFile['read']>;
  /** Resolves when every queued event has been handled. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function serve(options: ServeOptions): Promise<RunningServer> {
  if (options.secret.length < 16) {
    throw new Error(messages.getMessage('error.short-secret'));
  }
  const ledger = new Ledger(options.ledgerPath);
  const deadLetter = new DeadLetterFile(options.deadLetterPath);
  const queue: BookingEvent[] = [];
  let working: Promise<void> = Promise.resolve();
  // Events accepted but not yet handled (applied, skipped or dead-lettered).
  let pending = 0;

  const drain = () => {
    working = working.then(async () => {
      while (queue.length) {
        const batch = queue.splice(0, 200);
        try {
          options.onApplied?.(await syncEvents(options.api, batch, { ledger, deadLetter }));
        } catch (error) {
          // The config cannot work (or the org is unreachable): keep the events for replay.
          deadLetter.append(batch.map((event) => ({ event, error: (error as Error).message })));
        } finally {
          pending -= batch.length;
        }
      }
    });
  };

  // Events queued before a restart: the ledger skips the ones already applied.
  if (existsSync(options.journalPath)) {
    for (const line of readFileSync(options.journalPath, 'utf8').split('\n')) {
      if (line.trim()) {
        queue.push(JSON.parse(line) as BookingEvent);
        pending++;
      }
    }
    drain();
  }

  const server = createServer(async (request, response) => {
    const answer = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url !== '/events')
      return answer(404, { error: 'POST booking events to /events' });
    const body = await readBody(request);
    if (!body) return answer(413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
    const header = request.headers[SIGNATURE_HEADER] as string | undefined;
    if (!header)
      return answer(401, {
        error: `missing ${SIGNATURE_HEADER} header (sha256=<HMAC-SHA256 of the body>)`
      });
    if (!signatureMatches(body, header, options.secret))
      return answer(401, { error: 'signature does not match the body; check the shared secret' });
    let event: BookingEvent;
    try {
      event = validateEvent(JSON.parse(body.toString('utf8')));
    } catch (error) {
      const reason =
        error instanceof EventFormatError
          ? error.message
          : `body is not JSON: ${(error as Error).message}`;
      return answer(400, { error: reason });
    }
    appendDurably(options.journalPath, `${JSON.stringify(event)}\n`);
    queue.push(event);
    pending++;
    drain();
    answer(202, { queued: event.bookingId, sequence: event.sequence });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    deadLetters: () => deadLetter.read(),
    idle: async () => {
      while (pending > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await working;
    },
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await working;
    }
  };
}
