import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const guard = resolve(__dirname, '../../scripts/loopback-guard.cjs');

/**
 * Runs `connect` in a fresh Node process with the guard preloaded. An async hook records every
 * TCP connect request the process creates: a request exists only once a packet is about to leave,
 * so "no request" means the guard refused before anything was sent. A loopback connection made
 * first shows that the hook does see real connect requests.
 */
const child = `
const net = require('node:net');
const { createHook } = require('node:async_hooks');
const connects = [];
createHook({ init(id, type) { if (type === 'TCPCONNECTWRAP') connects.push(type); } }).enable();
const server = net.createServer((s) => s.end()).listen(0, '127.0.0.1', () => {
  const local = net.connect(server.address().port, '127.0.0.1');
  local.on('connect', () => {
    local.destroy();
    const afterLoopback = connects.length;
    const far = net.connect(443, '192.0.2.1');
    far.on('error', (err) => {
      server.close();
      process.stdout.write(JSON.stringify({ code: err.code, afterLoopback, afterBlocked: connects.length }));
    });
  });
});
`;

describe('the loopback guard', () => {
  it('refuses a real socket to a reserved address before any connect request is made', async () => {
    const { stdout, stderr } = await run(process.execPath, ['--require', guard, '-e', child], { timeout: 20_000 });
    const result = JSON.parse(stdout) as { code: string; afterLoopback: number; afterBlocked: number };
    expect(result.code).toBe('ECONNREFUSED');
    expect(result.afterLoopback).toBe(1);
    expect(result.afterBlocked).toBe(1);
    expect(stderr).toContain('[loopback-guard] blocked connection to 192.0.2.1:443');
  });

  it('refuses DNS lookups of names that are not loopback', async () => {
    const script = `require('node:dns').lookup('example.invalid', (err) => process.stdout.write(String(err && err.code)));`;
    const { stdout, stderr } = await run(process.execPath, ['--require', guard, '-e', script], { timeout: 20_000 });
    expect(stdout).toBe('ENOTFOUND');
    expect(stderr).toContain('[loopback-guard] blocked DNS lookup to example.invalid');
  });
});
