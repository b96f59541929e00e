import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';

export declare const SERVER_ENTRY: string;
export declare function prettyLog(options: { colorize: boolean; destination?: NodeJS.WritableStream }): NodeJS.WritableStream;
export declare function startLocalServer(options: { env: NodeJS.ProcessEnv; output?: NodeJS.WritableStream; colorize?: boolean }): {
  server: ChildProcessByStdio<Writable, Readable, null>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};
