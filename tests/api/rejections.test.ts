import { startTestApp, type LogLine, type TestApp } from '../helpers/app';

describe('refused tab API calls', () => {
  let app: TestApp;
  let stderr: string[];
  let restore: () => void;

  beforeAll(async () => {
    app = await startTestApp({}, { captureLogs: true });
  });
  afterAll(() => app.close());

  beforeEach(() => {
    stderr = [];
    const write = process.stderr.write.bind(process.stderr);
    const { error } = console;
    process.stderr.write = ((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    console.error = (...args: unknown[]) => stderr.push(args.map(String).join(' '));
    restore = () => {
      process.stderr.write = write;
      console.error = error;
    };
  });
  afterEach(() => restore());

  const refusals = (): LogLine[] => app.logs.filter((l) => l.msg === 'API call refused' && l.level === 40);

  it.each([
    ['no header', undefined, 'no token'],
    ['a Basic header', 'Basic a2FyaW46aGVtbGln', 'not a bearer token'],
    ['nonsense', 'Bearer this.is.nonsense', 'not a JWT'],
    ['a JSON number as payload', `Bearer e30.${Buffer.from('42').toString('base64url')}.x`, 'not a JWT'],
    ['a header that is not JSON', `Bearer ${Buffer.from('{').toString('base64url')}.e30.x`, 'no tenant id'],
    ['a long run of dots', `Bearer ${'.'.repeat(3000)}`, 'not a JWT'],
    [
      'an unsigned token',
      `Bearer ${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"tid":"11111111-1111-4111-8111-111111111111"}').toString('base64url')}.`,
      '',
    ],
  ])('answers %s with 401 and one structured warning with the reason and correlation id', async (_name, authorization, reason) => {
    const before = refusals().length;
    const res = await app.get('/api/board', authorization ? { authorization } : {});
    expect(res.status).toBe(401);
    const correlationId = (res.body as { correlationId: string }).correlationId;
    expect(res.headers.get('x-correlation-id')).toBe(correlationId);
    const logged = refusals().slice(before);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ status: 401, correlationId, reason: expect.stringContaining(reason) });
    expect(stderr).toEqual([]);
  });

  it('writes at most a window’s share of warnings for a flood of bad tokens', async () => {
    const before = app.logs.filter((l) => l.level === 40).length;
    for (let i = 0; i < 60; i++) expect((await app.get('/api/ideas', { authorization: `Bearer bad.${i}.token` })).status).toBe(401);
    const written = app.logs.filter((l) => l.level === 40).length - before;
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThanOrEqual(20);
  });
});
