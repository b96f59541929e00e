#!/usr/bin/env node
// The embedded Cosmos server (built, from dist/) in a process of its own, for benchmarks that
// model the app and its database on separate machines as in Azure: the database's work then no
// longer shares the app's event loop. Its data lives in the folder given as the first argument
// (journal and snapshots, fsync before each answer, as in `npm start`). It prints one JSON line,
// `{"endpoint": …, "key": …}`, when it is ready, and stops on SIGTERM or when stdin closes.
import path from 'node:path';
import { built } from './local-modules.mjs';

const { startEmbeddedCosmos } = built('adapters/cosmos/embedded-server.js');

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: embedded-cosmos-process.mjs <data folder>\n');
  process.exit(2);
}
// Problems go to stderr; what it did as planned is not printed.
const report = (level) => (obj, msg) => process.stderr.write(`embedded Cosmos ${level}: ${msg ?? ''} ${JSON.stringify(obj)}\n`);
const logger = { info() {}, warn: report('warn'), error: report('error') };
const cosmos = await startEmbeddedCosmos({ dataFile: path.join(dataDir, 'cosmos.json'), logger });
process.stdout.write(`${JSON.stringify({ endpoint: cosmos.endpoint, key: cosmos.key })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await cosmos.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
