/**
 * Every test process runs under the loopback guard: `npm test` preloads scripts/loopback-guard.cjs
 * into Jest, and Jest's workers inherit the preload, once per process and outside the test
 * sandboxes; the server processes the tests start get it through NODE_OPTIONS. A test that tried
 * to reach the Bot Framework, Teams, Graph or Entra ID for real would fail at once instead of
 * sending anything; the addresses the stand-ins name (issuers, scopes, the Teams origin) are only
 * strings.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { lookup } from 'node:dns/promises';
import { promisify } from 'node:util';
import { serverProcessEnv } from '../helpers/server-process';

/** The guard's mark on the shared `net` module (see loopback-guard.cjs). */
const MARK = Symbol.for('ideslussen.loopback-guard');

/** What the guard says on stderr while `act` runs (it names each address it refused). */
async function guardLines(act: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await act();
  } finally {
    write.mockRestore();
  }
  return lines.join('');
}

describe('the test processes', () => {
  it('run under the loopback guard, installed once', () => {
    // Checked first, so that without the guard no connection below is even tried.
    expect((net as unknown as Record<symbol, unknown>)[MARK]).toBeDefined();
    expect(net.Socket.prototype.connect.name).toBe('guardedConnect');
  });

  it('refuse a connection to an address that is not loopback', async () => {
    expect((net as unknown as Record<symbol, unknown>)[MARK]).toBeDefined();
    let code = '';
    const said = await guardLines(
      () =>
        new Promise<void>((resolve) => {
          const far = net.connect(443, '192.0.2.1');
          far.on('error', (err: NodeJS.ErrnoException) => {
            code = err.code ?? '';
            resolve();
          });
          far.on('connect', () => {
            far.destroy();
            resolve();
          });
        }),
    );
    expect(code).toBe('ECONNREFUSED');
    expect(said).toContain('[loopback-guard] blocked connection to 192.0.2.1:443');
  });

  it('refuse to look up a name outside loopback, and still reach loopback', async () => {
    expect((net as unknown as Record<symbol, unknown>)[MARK]).toBeDefined();
    const said = await guardLines(() => expect(lookup('api.botframework.com')).rejects.toThrow());
    expect(said).toContain('[loopback-guard] blocked DNS lookup to api.botframework.com');
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const connected = await new Promise<boolean>((resolve) => {
      const local = net.connect(port, '127.0.0.1', () => {
        local.destroy();
        resolve(true);
      });
      local.on('error', () => resolve(false));
    });
    server.close();
    expect(connected).toBe(true);
  });

  it('start the server processes under it too', async () => {
    // The environment startServerProcess gives the built server (restart, SIGKILL and instance tests).
    const probe = "process.stdout.write(require('node:net').Socket.prototype.connect.name)";
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', probe], { env: serverProcessEnv(0) });
    expect(stdout).toBe('guardedConnect');
  });
});
