'use strict';
/**
 * Preloaded (`node --require`) into child processes that our scripts and tests start. The parent gives
 * the child a stdin pipe; when the parent dies for any reason (even SIGKILL, or a crashed Jest worker)
 * the pipe closes and the child exits too, so no Playground or server is left running in the background.
 */
if (!process.stdin.isTTY) {
  process.stdin.on('error', () => process.exit(0));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.on('close', () => process.exit(0));
  // Read and drop whatever arrives: we only care about end-of-file.
  process.stdin.on('data', () => {});
  process.stdin.resume();
}
