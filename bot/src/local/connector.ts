import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Bot Framework connector. */
export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly conversationId?: string;
  readonly activityId?: string;
  readonly body: Record<string, unknown>;
  /** The Authorization header the bot sent (whose token: which of its identities). */
  readonly authorization?: string;
  readonly at: number;
}

/**
 * A Bot Framework connector on loopback that records what the bot sends (replies, updates,
 * new conversations) and answers like the real one. Tests point `serviceUrl` at it. It can be
 * told to fail the next calls (429, 403, 5xx) to test retries and stale references.
 */
export interface RecordingConnector {
  readonly serviceUrl: string;
  readonly calls: ConnectorCall[];
  /** Activities sent (new or reply), in order. */
  sent(): Array<Record<string, unknown> & { conversationId: string }>;
  /** Activity updates (PUT), in order. */
  updates(): ConnectorCall[];
  /**
   * Refuses (403, as Teams does when the app is not installed for the person) to open a personal
   * chat with the members for whom `refused(aadObjectId)` holds; `undefined` opens every chat again.
   */
  refuseNewChats(refused: ((aadObjectId: string) => boolean) | undefined): void;
  /** Answers the next `count` calls with `status` (and, for 429, `Retry-After: retryAfterSeconds`, 0 unless given). */
  failNext(status: number, count?: number, retryAfterSeconds?: number): void;
  /** Records the next `count` calls and never answers them (a hanging Teams); `reset`/`stop` let them go. */
  hangNext(count?: number): void;
  /** Waits until `predicate` holds for the recorded calls. */
  waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs?: number): Promise<void>;
  reset(): void;
  stop(): Promise<void>;
}

export async function startRecordingConnector(): Promise<RecordingConnector> {
  const calls: ConnectorCall[] = [];
  const failures: Array<{ status: number; retryAfter: number } | 'hang'> = [];
  const hanging = new Set<ServerResponse>();
  let refusedChats: ((aadObjectId: string) => boolean) | undefined;
  let nextId = 1;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = { raw: text };
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const failure = failures.shift();
    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(payload));
    };
    if (failure !== undefined && failure !== 'hang') {
      const { status, retryAfter } = failure;
      reply(
        status,
        { error: { code: 'Failure', message: `Recorded failure ${status}` } },
        status === 429 ? { 'retry-after': String(retryAfter) } : {},
      );
      return;
    }
    const match = /^\/v3\/conversations(?:\/([^/]+))?(?:\/(activities|members))?(?:\/([^/]+))?/.exec(path);
    const conversationId = match?.[1] ? decodeURIComponent(match[1]) : undefined;
    const activityId = match?.[3] ? decodeURIComponent(match[3]) : undefined;
    calls.push({
      method: req.method ?? 'GET',
      path,
      ...(conversationId ? { conversationId } : {}),
      ...(activityId ? { activityId } : {}),
      body,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      at: Date.now(),
    });
    if (failure === 'hang') {
      hanging.add(res);
      res.once('close', () => hanging.delete(res));
      return;
    }

    if (req.method === 'POST' && path === '/v3/conversations') {
      const members = (body['members'] as Array<{ id: string }> | undefined) ?? [];
      if (refusedChats && members.some((m) => refusedChats?.(m.id))) {
        reply(403, { error: { code: 'Forbidden', message: 'The bot is not installed for the user' } });
        return;
      }
      reply(201, { id: `a:personal-${members[0]?.id ?? nextId++}`, activityId: `created-${nextId++}` });
      return;
    }
    if (req.method === 'GET' && match?.[2] === 'members' && activityId) {
      reply(200, { id: activityId, name: `User ${activityId}`, aadObjectId: activityId });
      return;
    }
    if (req.method === 'PUT') {
      reply(200, { id: activityId });
      return;
    }
    if (req.method === 'POST') {
      reply(200, { id: `activity-${nextId++}` });
      return;
    }
    reply(404, { error: { code: 'NotFound', message: 'Not recorded' } });
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  /** Lets hanging calls go: the bot gave up on them long ago, so the connection is simply closed. */
  const release = (): void => {
    for (const res of hanging) res.destroy();
    hanging.clear();
  };

  const sentCalls = (): ConnectorCall[] =>
    calls.filter((c) => c.method === 'POST' && c.path.includes('/activities') && c.conversationId !== undefined);

  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls,
    sent: () => sentCalls().map((c) => ({ ...c.body, conversationId: c.conversationId as string })),
    updates: () => calls.filter((c) => c.method === 'PUT'),
    refuseNewChats(refused) {
      refusedChats = refused;
    },
    failNext(status, count = 1, retryAfterSeconds = 0) {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfter: retryAfterSeconds });
    },
    hangNext(count = 1) {
      for (let i = 0; i < count; i++) failures.push('hang');
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const end = Date.now() + timeoutMs;
      while (!predicate(calls)) {
        if (Date.now() > end)
          throw new Error(`Timed out waiting for connector calls; recorded: ${JSON.stringify(calls.map((c) => `${c.method} ${c.path}`))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    reset() {
      calls.length = 0;
      failures.length = 0;
      release();
    },
    stop: () => {
      release();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
