import http from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startEmbeddedCosmos, type EmbeddedCosmos } from '../../../bot/src/adapters/cosmos/embedded-server';

// The embedded server keeps connections open, as Azure Cosmos DB does. Had it closed one idle for
// Node's default keep-alive timeout (5 s), a client that does not know that timeout (the Cosmos SDK's
// agent has none) could send a request on it just as it closes: the request fails with "socket hang
// up", and the SDK retries only reads after a reset, so a write (an idea, a capture state) fails.

/** Longer than an http server of Node keeps an idle connection by default (5 s and a second of grace). */
const IDLE_MS = 7_000;

let server: EmbeddedCosmos | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Answer {
  status: number | undefined;
  socket: Socket;
}

function get(agent: http.Agent, endpoint: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${endpoint}/`, { agent }, (res) => {
      // Taken now: once the answer is read, the response lets go of its socket (the agent keeps it).
      const { socket } = res;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, socket }));
    });
    req.on('error', reject);
  });
}

describe('embedded Cosmos server keep-alive', () => {
  it('leaves an idle connection open until the client closes it, so no request is sent into a close', async () => {
    server = await startEmbeddedCosmos({});
    // As the Cosmos SDK's own agent for http endpoints: keep-alive, no idle timeout of its own.
    const agent = new http.Agent({ keepAlive: true });
    try {
      const first = await get(agent, server.endpoint);
      expect(first.status).toBe(200);

      await sleep(IDLE_MS);
      expect(first.socket.destroyed).toBe(false);
      const second = await get(agent, server.endpoint);
      expect(second.status).toBe(200);
      expect(second.socket).toBe(first.socket);
    } finally {
      agent.destroy();
    }
  });
});
