/**
 * Who covers an away coach in a shared sluice (the Skaraborg model): another coach of the idea's
 * municipality first, as routing gives the municipality's ideas to its own coaches first; the
 * sluice's backup only when the municipality has nobody else present. Through the services and the
 * tab API, against the embedded Cosmos server.
 */
import type { AbsenceResponse, IdeaResponse, TabConfig } from '../../bot/src/api/contracts';
import { COACH, COACH_2, TENANT } from '../../bot/src/local/activities';
import { startTestApp, type TestApp } from '../helpers/app';
import { movableClock } from '../teams/reminders/clock';
import { bearer, getAs, tokenFor, type Who } from './helpers';

const T2 = '33333333-3333-4333-8333-333333333333';
// T1 (the test tenant) has Karin and Omar; T2 has Eva and Nils. Karin is the sluice's backup.
const karin: Who = { ...COACH, tenantId: TENANT };
const omar: Who = { ...COACH_2, tenantId: TENANT };
const eva: Who = { id: 'c0ac0000-0000-4000-8000-000000000013', tenantId: T2, name: 'Eva Ek' };
const nils: Who = { id: 'c0ac0000-0000-4000-8000-000000000014', tenantId: T2, name: 'Nils Åkesson' };
const giverT2: Who = { id: '61e00000-0000-4000-8000-000000000012', tenantId: T2, name: 'Maja Holm' };
const clock = movableClock('2026-12-01');
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({}, { clock });
  const stored = (await app.storage.sluices.get('default'))!;
  await app.storage.sluices.replace(
    {
      ...stored.value,
      tenantIds: [TENANT, T2],
      municipalities: { [TENANT]: 'Testkommun', [T2]: 'Grannkommun' },
      coaches: [karin, eva, omar, nils].map((c) => ({ id: c.id, name: c.name, tenantId: c.tenantId })),
      backupCoachId: karin.id,
    },
    stored.etag,
  );
});
afterAll(async () => {
  await app.close();
});

async function setAbsence(who: Who, until: string | null) {
  const res = await fetch(`${app.url}/api/me/absence`, {
    method: 'PUT',
    headers: { ...bearer(await tokenFor(app, who)), 'content-type': 'application/json' },
    body: JSON.stringify({ until }),
  });
  return { status: res.status, body: (await res.json()) as AbsenceResponse };
}

describe('an away coach in a shared sluice', () => {
  it("is covered by a coach of the idea's municipality, not by the sluice's backup of another", async () => {
    const submitted = await app.services.ideas.submit({
      giver: { ...giverT2, locale: 'sv' },
      text: {
        title: 'Lånecyklar på biblioteket',
        need: 'Många saknar cykel för korta ärenden.',
        idea: 'Låna ut cyklar som böcker.',
        beneficiaries: ['residents'],
        department: 'Kultur och fritid',
      },
      source: 'chat',
      idempotencyKey: 'lanecyklar',
    });
    if (!submitted.ok) throw new Error(JSON.stringify(submitted));
    const owner = submitted.idea.coach?.id === eva.id ? eva : nils;
    const other = owner === eva ? nils : eva;
    expect([eva.id, nils.id]).toContain(submitted.idea.coach?.id);

    const away = await setAbsence(owner, '2027-01-10');
    expect(away).toEqual({ status: 200, body: { awayUntil: '2027-01-10', backup: { id: other.id, name: other.name } } });
    const panel = (await getAs(app, giverT2, `/api/ideas/${submitted.idea.id}`)).body as IdeaResponse;
    expect(panel.idea.cover).toEqual({ id: other.id, name: other.name, until: '2027-01-10' });
    // The tab's switch, opened later, names the same colleague.
    expect(((await getAs(app, owner, '/api/config')).body as TabConfig).caller.coveredBy).toEqual({ id: other.id, name: other.name });

    // With both of T2's coaches away, the sluice's backup covers.
    expect((await setAbsence(other, '2027-01-08')).body.backup).toEqual({ id: karin.id, name: karin.name });
    const again = (await getAs(app, giverT2, `/api/ideas/${submitted.idea.id}`)).body as IdeaResponse;
    expect(again.idea.cover).toEqual({ id: karin.id, name: karin.name, until: '2027-01-10' });
  });

  it("keeps T1's coaches covering each other, whoever the sluice's backup is", async () => {
    expect((await setAbsence(omar, '2027-01-10')).body.backup).toEqual({ id: karin.id, name: karin.name });
    expect((await setAbsence(omar, null)).status).toBe(200);
    const stored = (await app.storage.sluices.get('default'))!;
    await app.storage.sluices.replace({ ...stored.value, backupCoachId: eva.id }, stored.etag);
    await setAbsence(eva, null);
    expect((await setAbsence(karin, '2027-01-10')).body.backup).toEqual({ id: omar.id, name: omar.name });
  });
});
