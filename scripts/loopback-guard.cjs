'use strict';
/**
 * Loopback guard, preloaded with `node --require scripts/loopback-guard.cjs` into local tools we do not
 * control (Microsoft 365 Agents Playground) and into every test process (`npm test` runs jest under
 * it; jest's workers inherit the preload).
 *
 * Why: `--disable-telemetry` only stops Playground's own telemetry events. Its bundled Application
 * Insights SDK is still started with Microsoft's instrumentation key (heartbeat every 15 minutes), it
 * proxies OAuth calls to token.botframework.com, and its server listens on every interface. Project rule:
 * nothing may reach anything but loopback. So this guard
 *   - binds every server that would listen on all interfaces to 127.0.0.1 instead, and
 *   - refuses (with an error on the socket and a line on stderr) every outgoing TCP/TLS connection and
 *     DNS lookup whose target is not loopback, before any packet is sent.
 * It is plain CommonJS with no dependencies because it runs before the tool's own code.
 */
const net = require('node:net');
const dns = require('node:dns');

// Once per process: the mark sits on the shared `net` module, so a second load (a child given the
// guard twice, say) does not wrap the wrappers. `isGuarded` lets a process check that it runs under it.
const MARK = Symbol.for('ideslussen.loopback-guard');
if (net[MARK]) {
  module.exports = net[MARK];
  return;
}

const LOOPBACK_HOST = '127.0.0.1';
const WILDCARD_HOSTS = new Set(['', '0.0.0.0', '::', '::0', '0:0:0:0:0:0:0:0']);
const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', 'ip6-localhost', 'ip6-loopback']);

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback, and for the loopback host names. */
function isLoopback(host) {
  if (typeof host !== 'string' || host.length === 0) return true; // Node's default host is localhost.
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const lower = bare.toLowerCase();
  if (LOOPBACK_NAMES.has(lower)) return true;
  if (net.isIPv4(lower)) return lower.startsWith('127.');
  if (net.isIPv6(lower)) return lower === '::1' || lower === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(lower);
  return false;
}

function report(what, target) {
  process.stderr.write(`[loopback-guard] blocked ${what} to ${target}\n`);
}

function blockedError(target) {
  const err = new Error(`loopback-guard: connection to ${target} refused (only loopback is allowed)`);
  err.code = 'ECONNREFUSED';
  return err;
}

// --- Servers: never listen beyond loopback. -------------------------------------------------------
const originalListen = net.Server.prototype.listen;
net.Server.prototype.listen = function guardedListen(...args) {
  const first = args[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    // listen(options[, cb]); handles and IPC paths are local by nature.
    if (!first.path && first.fd === undefined && !('_handle' in first) && !('handle' in first)) {
      if (first.host === undefined || first.host === null || WILDCARD_HOSTS.has(String(first.host))) {
        args[0] = { ...first, host: LOOPBACK_HOST };
      }
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, cb])
    const second = args[1];
    if (typeof second === 'string') {
      if (WILDCARD_HOSTS.has(second)) args[1] = LOOPBACK_HOST;
    } else if (second === undefined || second === null) {
      args[1] = LOOPBACK_HOST;
    } else {
      args.splice(1, 0, LOOPBACK_HOST);
    }
  } else if (first === undefined || typeof first === 'function') {
    // listen([cb]) means "any free port on every interface".
    args.splice(0, first === undefined ? 1 : 0, 0, LOOPBACK_HOST);
  }
  return originalListen.apply(this, args);
};

// --- Clients: refuse anything that is not loopback. -----------------------------------------------
function connectTarget(args) {
  let first = args[0];
  // net.connect() hands Socket#connect its already normalised [options, cb] array.
  if (Array.isArray(first)) first = first[0];
  if (first !== null && typeof first === 'object') {
    // Node treats only a non-empty path as an IPC socket (http passes `path: null`).
    if (first.path) return undefined; // IPC socket: local.
    return { host: first.host, port: first.port };
  }
  if (typeof first === 'number' || typeof first === 'string') {
    if (typeof first === 'string' && !/^\d+$/.test(first)) return undefined; // connect(path)
    return { host: typeof args[1] === 'string' ? args[1] : undefined, port: first };
  }
  return undefined;
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const target = connectTarget(args);
  if (target && !isLoopback(target.host)) {
    const where = `${String(target.host)}:${String(target.port)}`;
    report('connection', where);
    process.nextTick(() => this.destroy(blockedError(where)));
    return this;
  }
  return originalConnect.apply(this, args);
};

const originalLookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, ...rest) {
  if (!isLoopback(hostname)) {
    report('DNS lookup', String(hostname));
    const callback = rest[rest.length - 1];
    const err = blockedError(String(hostname));
    err.code = 'ENOTFOUND';
    if (typeof callback === 'function') process.nextTick(() => callback(err));
    return {};
  }
  return originalLookup.call(this, hostname, ...rest);
};

const originalPromisesLookup = dns.promises.lookup;
dns.promises.lookup = function guardedPromisesLookup(hostname, ...rest) {
  if (!isLoopback(hostname)) {
    report('DNS lookup', String(hostname));
    const err = blockedError(String(hostname));
    err.code = 'ENOTFOUND';
    return Promise.reject(err);
  }
  return originalPromisesLookup.call(this, hostname, ...rest);
};

net[MARK] = { isLoopback };
module.exports = net[MARK];
