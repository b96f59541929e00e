/**
 * Every coach and giver card, in every state and both languages, parsed by the official
 * Adaptive Cards library; user text is escaped; the verbs come from the shared contract.
 */
import type { HistoryEvent } from '../../../bot/src/domain/idea';
import type { SluiceCoach } from '../../../bot/src/teams/coach/coach-directory';
import { CARD_VERBS, COACH_VERBS, COMMENT_VERB } from '../../../bot/src/teams/coach/verbs';
import { renderCoachTaskCard } from '../../../bot/src/teams/cards/coach-task-card';
import { renderGiverQuestionCard, renderGiverUpdateCard, renderSatisfactionCard } from '../../../bot/src/teams/cards/giver-cards';
import type { SimilarMatch } from '../../../bot/src/domain/similar/similar-index';
import { NOW, coach, coach2, idea, sluice } from '../../domain/fixtures';
import { validateCard } from '../../helpers/cards';
import { textOf, verbsOf } from './fixture';

const coaches: SluiceCoach[] = [
  { id: coach.id, name: coach.name, userId: '29:karin', role: 'coach' },
  { id: coach2.id, name: coach2.name, role: 'coach' },
];
const hostile = 'Gör [Godkänn](https://evil.example) **nu** <at>Alla</at> ${secret}';
const at = NOW.toISOString();
const taken: HistoryEvent = { id: 'h1', kind: 'taken', at, actor: { id: coach.id, name: coach.name }, from: 'submitted', to: 'screening' };
const declined: HistoryEvent = {
  id: 'h2',
  kind: 'declined',
  at,
  actor: { id: coach.id, name: coach.name },
  from: 'screening',
  to: 'closed',
  text: hostile,
};
const asked: HistoryEvent = { id: 'h3', kind: 'infoRequested', at, actor: { id: coach.id, name: coach.name }, text: hostile };

describe('coach task card', () => {
  const stages = [
    idea({ title: hostile, idea: hostile, need: hostile, giver: { id: 'g', tenantId: 't', name: hostile, locale: 'sv' } }),
    idea({ stage: 'screening', coach: { id: coach.id, name: coach.name }, history: [idea().history[0]!, taken], version: 2 }),
    idea({ stage: 'testing', needsInfo: true, pendingQuestion: hostile, coach: { id: coach.id, name: coach.name } }),
    idea({ stage: 'done', coach: { id: coach.id, name: coach.name } }),
    idea({ stage: 'closed', coach: { id: coach.id, name: coach.name }, history: [idea().history[0]!, declined], version: 2 }),
  ];

  const like = (number: number, title: string, stage: SimilarMatch['stage']): SimilarMatch => ({
    id: `like-${number}`,
    sluiceId: 's1',
    number,
    tenantId: 't',
    title,
    department: 'Kultur- och fritidsförvaltningen',
    stage,
    score: 0.5,
    shared: ['simskola'],
  });

  it.each(['sv', 'en'] as const)('is a valid card in every stage, for coaches and read-only (%s)', (locale) => {
    for (const i of stages) {
      for (const viewer of ['coach', 'readOnly'] as const) {
        const similar = [like(12, hostile, 'testing')];
        const card = renderCoachTaskCard({ idea: i, etag: '"e1"', sluice: sluice(), locale, now: NOW, viewer, coaches, similar });
        validateCard(card);
        // Everyone who sees the card may comment; only coaches get the coach actions.
        if (viewer === 'readOnly') expect(verbsOf(card)).toEqual([COMMENT_VERB]);
        for (const verb of verbsOf(card)) expect([...COACH_VERBS, COMMENT_VERB]).toContain(verb);
      }
    }
  });

  it('escapes everything the giver wrote, so no link, formatting, mention or template sneaks in', () => {
    const card = renderCoachTaskCard({
      idea: stages[0]!,
      etag: '"e1"',
      sluice: sluice(),
      locale: 'sv',
      now: NOW,
      viewer: 'coach',
      coaches,
    });
    const text = textOf(card);
    expect(text).toContain('Gör \\[Godkänn\\]\\(https://evil.example\\) \\*\\*nu\\*\\* \\<at\\>Alla\\</at\\> $\\{secret\\}');
    expect(text).not.toMatch(/(^|[^\\])\[Godkänn\]\(/);
  });

  it('offers the actions allowed now, carries the eTag and version, and refreshes for coaches', () => {
    const card = renderCoachTaskCard({
      idea: stages[1]!,
      etag: '"e2"',
      sluice: sluice(),
      locale: 'sv',
      now: NOW,
      viewer: 'coach',
      coaches,
    });
    expect(verbsOf(card)).toEqual(['idea.advance', 'idea.askInfo', 'idea.decline', 'idea.reassign', COMMENT_VERB]);
    const advance = JSON.stringify(card['actions']);
    expect(advance).toContain('"etag":"\\"e2\\""');
    expect(advance).toContain('"version":2');
    expect(card['refresh']).toEqual({
      action: { type: 'Action.Execute', title: 'Uppdatera', verb: 'idea.refresh', data: { ideaId: 'idea-1', sluiceId: 's1' } },
      userIds: ['29:karin'],
    });
    // Reassign offers the other coaches only.
    expect(advance).toContain(coach2.id);
    expect(JSON.stringify((card['actions'] as unknown[])[3])).not.toContain(`"value":"${coach.id}"`);
  });

  it('shows how long ago the idea came in, in the viewer’s language', () => {
    const old = idea({ createdAt: new Date(NOW.getTime() - 3 * 86_400_000).toISOString() });
    expect(
      textOf(renderCoachTaskCard({ idea: old, etag: 'e', sluice: sluice(), locale: 'sv', now: NOW, viewer: 'coach', coaches })),
    ).toContain('Inkom: för 3 dagar sedan');
    expect(
      textOf(renderCoachTaskCard({ idea: old, etag: 'e', sluice: sluice(), locale: 'en', now: NOW, viewer: 'coach', coaches })),
    ).toContain('Submitted: 3 days ago');
  });

  it('names up to three similar ideas with number, title and stage, escaped and in the viewer’s language', () => {
    const similar = [
      like(12, 'Påminn föräldrar om simskolan', 'testing'),
      like(14, 'Sms före [simlektionen](https://evil.example)', 'closed'),
      like(3, 'Simskolans kö', 'screening'),
      like(40, 'Fjärde idén', 'done'),
    ];
    const view = { idea: stages[1]!, etag: 'e', now: NOW, viewer: 'coach', coaches, similar } as const;
    const sv = textOf(renderCoachTaskCard({ ...view, sluice: sluice(), locale: 'sv' }));
    expect(sv).toContain(
      'Liknande: #12 Påminn föräldrar om simskolan (Testas) · #14 Sms före \\[simlektionen\\]\\(https://evil.example\\) (Avslutad) · #3 Simskolans kö (Idésamtal)',
    );
    expect(sv).not.toContain('#40');
    const en = renderCoachTaskCard({ ...view, sluice: sluice({ stageLabels: { en: { testing: 'Pilot' } } }), locale: 'en' });
    validateCard(en);
    expect(textOf(en)).toContain('Similar: #12 Påminn föräldrar om simskolan (Pilot) · #14');
    // No similar ideas, no line.
    expect(textOf(renderCoachTaskCard({ ...view, similar: [], sluice: sluice(), locale: 'sv' }))).not.toContain('Liknande');
  });

  it('names the ideas coaches linked this one to, with how they belong together, escaped and in the viewer’s language', () => {
    const by = { id: coach.id, name: coach.name };
    const linked = {
      ...stages[1]!,
      links: [
        { ideaId: 'a', number: 12, title: 'Påminn om *simskolan*', kind: 'duplicate' as const, at: NOW.toISOString(), by },
        { ideaId: 'b', number: 14, title: 'Simskolans kö', kind: 'related' as const, at: NOW.toISOString(), by },
      ],
    };
    const view = { idea: linked, etag: 'e', now: NOW, viewer: 'coach', coaches, sluice: sluice() } as const;
    const sv = renderCoachTaskCard({ ...view, locale: 'sv' });
    validateCard(sv);
    expect(textOf(sv)).toContain('Kopplad: dubblett av #12 Påminn om \\*simskolan\\* · hänger ihop med #14 Simskolans kö');
    expect(textOf(renderCoachTaskCard({ ...view, locale: 'en' }))).toContain('Linked: duplicate of #12');
    expect(textOf(renderCoachTaskCard({ ...view, idea: stages[1]!, locale: 'sv' }))).not.toContain('Kopplad');
  });

  it('uses the sluice’s own stage labels', () => {
    const custom = sluice({ stageLabels: { sv: { screening: 'Första samtal' } } });
    const card = renderCoachTaskCard({ idea: stages[1]!, etag: 'e', sluice: custom, locale: 'sv', now: NOW, viewer: 'coach', coaches });
    expect(textOf(card)).toContain('Steg: Första samtal');
  });
});

describe('giver cards', () => {
  it.each(['sv', 'en'] as const)('are valid and escaped (%s)', (locale) => {
    const closed = idea({ stage: 'closed', title: hostile });
    const update = renderGiverUpdateCard(closed, sluice(), declined, locale);
    validateCard(update);
    expect(textOf(update)).toContain('\\[Godkänn\\]');
    const question = renderGiverQuestionCard({ idea: closed, sluiceId: 's1', question: asked, locale, open: true });
    validateCard(question);
    expect(verbsOf(question)).toEqual(['idea.answerInfo']);
    const answered = renderGiverQuestionCard({
      idea: closed,
      sluiceId: 's1',
      question: asked,
      locale,
      open: false,
      notice: { text: 'ok', tone: 'good' },
    });
    validateCard(answered);
    expect(verbsOf(answered)).toEqual([]);
    const rate = renderSatisfactionCard({ idea: closed, sluiceId: 's1', decision: declined, locale, open: true });
    validateCard(rate);
    expect(verbsOf(rate)).toEqual(['idea.rate']);
    validateCard(
      renderSatisfactionCard({
        idea: closed,
        sluiceId: 's1',
        decision: declined,
        locale,
        open: false,
        notice: { text: 'x', tone: 'good' },
      }),
    );
    for (const card of [question, rate]) for (const verb of verbsOf(card)) expect(CARD_VERBS).toContain(verb);
  });

  it('tells the giver the stage, the coach and the reason', () => {
    const text = textOf(renderGiverUpdateCard(idea({ stage: 'closed' }), sluice(), declined, 'sv'));
    expect(text).toContain('Din idé går inte vidare just nu.');
    expect(text).toContain('Steg: Avslutad');
    expect(text).toContain('Idécoach: Karin Berg');
    expect(text).toContain('Motivering: Gör \\[Godkänn\\]');
  });
});
