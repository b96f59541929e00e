import { Writable } from 'node:stream';
import pino from 'pino';
import { RejectionLog } from '../../bot/src/http/rejection-log';

function capture(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('the rejection log', () => {
  it('writes a window’s share, counts the rest, and reports them with the next warning', async () => {
    const { logger, lines } = capture();
    let now = 0;
    const log = new RejectionLog(logger, { perWindow: 3, windowMs: 1000, now: () => now });
    for (let i = 0; i < 10; i++) log.refuse('refused', { status: 401, reason: 'bad token', correlationId: `c${i}` });
    await new Promise((r) => setImmediate(r));
    expect(lines.map((l) => l['correlationId'])).toEqual(['c0', 'c1', 'c2']);
    now = 1000;
    log.refuse('refused', { status: 401, reason: 'bad token', correlationId: 'c10' });
    await new Promise((r) => setImmediate(r));
    expect(lines[3]).toMatchObject({ level: 40, correlationId: 'c10', reason: 'bad token', suppressed: 7 });
    expect(lines).toHaveLength(4);
  });
});
