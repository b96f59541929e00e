/**
 * When the monthly report is due, and that it is queued exactly once per sluice and month however
 * many instances run the round at once: against the real embedded Cosmos (sluice and outbox).
 */
import { connectStorage, type Storage } from '../../../bot/src/adapters/cosmos/storage';
import type { NotificationJob } from '../../../bot/src/domain/outbox';
import type { ReportChannel, Sluice } from '../../../bot/src/domain/sluice';
import {
  MonthlyReports,
  monthlyReportJobId,
  reportDueAt,
  reportMonthDue,
  type MonthlyReportDependencies,
} from '../../../bot/src/domain/stats/monthly-report';
import type { StatsReport } from '../../../bot/src/domain/stats/report';
import { CosmosOutboxRepository } from '../../../bot/src/adapters/cosmos/outbox-repository';
import { startTestCosmos, type TestCosmos } from '../../helpers/embedded-cosmos';
import { sluice as sluiceOf } from '../fixtures';

describe('when the report is due', () => {
  it('is 08:00 Stockholm time on the first working day of the month', () => {
    expect(reportDueAt('2026-12').toISOString()).toBe('2026-12-01T07:00:00.000Z'); // a Tuesday, winter time
    expect(reportDueAt('2026-11').toISOString()).toBe('2026-11-02T07:00:00.000Z'); // the 1st is a Sunday
    expect(reportDueAt('2027-01').toISOString()).toBe('2027-01-04T07:00:00.000Z'); // New Year's Day, then a weekend
    expect(reportDueAt('2027-05').toISOString()).toBe('2027-05-03T06:00:00.000Z'); // 1 May is a Saturday; summer time
    expect(reportDueAt('2026-06').toISOString()).toBe('2026-06-01T06:00:00.000Z');
  });

  it("names last month once this month's report time has come", () => {
    expect(reportMonthDue(new Date('2026-12-01T06:59:59Z'))).toBeUndefined();
    expect(reportMonthDue(new Date('2026-12-01T07:00:00Z'))?.month).toBe('2026-11');
    expect(reportMonthDue(new Date('2026-12-31T22:59:00Z'))?.month).toBe('2026-11');
    // 23:30 UTC on 31 December is already 1 January in Stockholm: a holiday, nothing due yet.
    expect(reportMonthDue(new Date('2026-12-31T23:30:00Z'))).toBeUndefined();
    expect(reportMonthDue(new Date('2027-01-04T07:00:00Z'))?.month).toBe('2026-12');
  });
});

describe('queuing', () => {
  let cosmos: TestCosmos;
  let storage: Storage;
  beforeAll(async () => {
    cosmos = await startTestCosmos();
    storage = await connectStorage(cosmos.endpoint, cosmos.key, 'monthly-report');
  });
  afterAll(async () => {
    await storage.close();
    await cosmos.stop();
  });

  const channel = (setAt: string): ReportChannel => ({
    conversationId: '19:ledning@thread.tacv2',
    serviceUrl: 'http://127.0.0.1:1/',
    tenantId: 't1',
    locale: 'sv',
    setBy: 'admin',
    setAt,
  });

  async function sluiceWith(id: string, extra: Partial<Sluice>): Promise<Sluice> {
    return (await storage.sluices.create(sluiceOf({ id, tenantIds: [`tenant-${id}`], ...extra }))).value;
  }

  function instance(reported: string[]): MonthlyReports {
    const deps: MonthlyReportDependencies = {
      sluices: storage.sluices,
      outbox: new CosmosOutboxRepository(storage.containers.outbox),
      report: async (sluice, month) => {
        reported.push(`${sluice.id}:${month}`);
        return { ok: true, report: { period: { from: month } } as unknown as StatsReport };
      },
      compose: async (sluice, ch, report) => ({
        reference: { conversation: { id: ch.conversationId } },
        message: { type: 'message', text: `${sluice.name} ${report.period.from}` },
      }),
      clock: { now: () => new Date() },
      logger: { info: () => undefined, warn: () => undefined },
    };
    return new MonthlyReports(deps);
  }

  async function jobsOf(sluiceId: string): Promise<NotificationJob[]> {
    const { resources } = await storage.containers.outbox.items
      .query<NotificationJob>({ query: 'SELECT * FROM c WHERE c.ideaId = @id', parameters: [{ name: '@id', value: `report:${sluiceId}` }] })
      .fetchAll();
    return resources;
  }

  it('queues one job per sluice and month when four instances run the round at the same moment', async () => {
    await sluiceWith('s-once', { reportChannel: channel('2026-10-05T09:00:00Z') });
    const reported: string[] = [];
    const at = new Date('2026-12-01T07:05:00Z');
    const queued = await Promise.all([1, 2, 3, 4].map(() => instance(reported).run(at)));

    expect(queued.reduce((a, b) => a + b, 0)).toBe(1);
    const jobs = await jobsOf('s-once');
    expect(jobs.map((j) => j.id)).toEqual([monthlyReportJobId('s-once', '2026-11')]);
    expect(jobs[0]?.steps.map((s) => s.step)).toEqual([
      {
        kind: 'reply',
        index: 0,
        reference: { conversation: { id: '19:ledning@thread.tacv2' } },
        message: { type: 'message', text: 'Idéslussen 2026-11' },
      },
    ]);
    expect((await storage.sluices.get('s-once'))?.value.monthlyReportQueued).toBe('2026-11');

    // A later round the same month neither makes the report again nor queues anything.
    reported.length = 0;
    expect(await instance(reported).run(new Date('2026-12-14T10:00:00Z'))).toBe(0);
    expect(reported.filter((r) => r.startsWith('s-once'))).toEqual([]);
    expect(await jobsOf('s-once')).toHaveLength(1);
  });

  it('queues nothing for a sluice without a report channel, or with one chosen after the report was due', async () => {
    await sluiceWith('s-none', {});
    await sluiceWith('s-late', { reportChannel: channel('2026-12-01T07:30:00Z') });
    const reported: string[] = [];
    await instance(reported).run(new Date('2026-12-01T08:00:00Z'));
    expect(reported.filter((r) => r.startsWith('s-none') || r.startsWith('s-late'))).toEqual([]);
    expect(await jobsOf('s-late')).toHaveLength(0);

    // Its first report is the next month's.
    await instance(reported).run(new Date('2027-01-04T07:00:00Z'));
    expect((await jobsOf('s-late')).map((j) => j.id)).toEqual([monthlyReportJobId('s-late', '2026-12')]);
  });

  it('stores nothing twice when the sluice was not marked (a crash after the enqueue)', async () => {
    await sluiceWith('s-crash', { reportChannel: channel('2026-10-05T09:00:00Z') });
    const at = new Date('2026-12-02T09:00:00Z');
    expect(await instance([]).run(at)).toBe(1);
    // As if the instance had crashed before marking the month on the sluice.
    const found = await storage.sluices.get('s-crash');
    const { monthlyReportQueued, ...unmarked } = found!.value;
    expect(monthlyReportQueued).toBe('2026-11');
    await storage.sluices.replace(unmarked, found!.etag);

    expect(await instance([]).run(at)).toBe(0);
    expect(await jobsOf('s-crash')).toHaveLength(1);
    expect((await storage.sluices.get('s-crash'))?.value.monthlyReportQueued).toBe('2026-11');
  });
});
