/**
 * Profile prefill from the directory, through the real Graph adapter and the local Graph
 * stand-in: the department is prefilled and said so, job title and company are shown and recorded
 * on the idea as they were that day; without Graph the server says once which features are off.
 */
import { COACH, COACH_2, GIVER, TENANT } from '../../../bot/src/local/activities';
import { graphEnvironment, startTestGraph, type GraphStandIn } from '../../helpers/graph-standin';
import { startTestApp } from '../../helpers/app';
import { actionData, Chat, ideasOf, startCaptureApp, textsOf, type CaptureApp } from './capture-app';

describe('with Graph (the local stand-in)', () => {
  let graph: GraphStandIn;
  let app: CaptureApp;

  beforeAll(async () => {
    graph = await startTestGraph();
    app = await startCaptureApp({ env: graphEnvironment(graph) });
  });
  afterAll(async () => {
    await app?.close();
    await graph?.stop();
  });

  it('prefills the department, shows job title and company, and records them on the idea', async () => {
    const c = new Chat(() => app, { user: GIVER, locale: 'sv-SE' });
    const start = await c.say('ny idé');
    expect(start.text).toContain('Förvaltning har jag fyllt i från din profil: Socialförvaltningen');
    expect(start.text).toContain('Socialsekreterare, Testkommunens Omsorg AB');
    await c.say('Digitala hembesök');
    await c.say('Resorna tar en stor del av dagen');
    const who = await c.say('Videosamtal när ett besök inte behövs');
    const summary = await c.click({ ...actionData(who.cards[0] ?? {}, 'Klart'), beneficiaries: 'residents' });
    expect(textsOf(summary.cards[0] ?? {})).toContain('Socialförvaltningen');
    const sent = await c.say('skicka in');
    // The coach is known by id only on the sluice: the directory names them on the receipt.
    expect(sent.all).toContain(`Idécoach`);
    expect(sent.all).toContain(COACH.name);
    expect(sent.all).not.toContain('Utsedd');
    const [idea] = await ideasOf(app, GIVER.id);
    expect(idea?.coach).toEqual({ id: COACH.id, name: COACH.name });
    const sluice = await app.storage.sluices.findByTenant(TENANT);
    expect(sluice?.value.coaches.find((c) => c.id === COACH.id)?.name).toBe(COACH.name);
    expect(idea?.giver).toMatchObject({
      department: 'Socialförvaltningen',
      jobTitle: 'Socialsekreterare',
      companyName: 'Testkommunens Omsorg AB',
    });
    expect(graph.calls.some((call) => call.path === `/v1.0/users/${GIVER.id}` && call.status === 200)).toBe(true);

    // Reassigned to a coach nobody named: the history and the idea carry the directory's name, not the id.
    const reassigned = await app.services.ideas.act(
      idea!.sluiceId,
      idea!.id,
      { ...COACH, tenantId: TENANT },
      { type: 'reassign', coachId: COACH_2.id },
    );
    expect(reassigned.ok && reassigned.idea.value.coach).toEqual({ id: COACH_2.id, name: COACH_2.name });
    expect(reassigned.ok && reassigned.event.coach?.name).toBe(COACH_2.name);
  }, 60_000);
});

describe('without Graph', () => {
  it('says once at start which directory features are off', async () => {
    const app = await startTestApp({ OUTBOX_POLL_MS: '0' }, { captureLogs: true });
    try {
      const lines = app.logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('Directory features off'));
      expect(lines).toHaveLength(1);
      expect(lines[0]?.['directoryFeaturesOff']).toEqual([
        'profile prefill (department, job title, company) and directory names',
        'installing the app for people the bot cannot reach',
        'activity feed notifications',
        'coaches from Entra groups',
        "people search in the directory (the tab's pickers offer people the sluice knows)",
      ]);
      expect(lines[0]?.msg).toContain('GRAPH_ENABLED is not true');
    } finally {
      await app.close();
    }
  });
});
