import { Button, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { TabConfig } from '../../../bot/src/api/contracts';
import type { LinkedIdeasBody } from '../../../bot/src/api/link-schemas';
import type { ApiClient } from '../api/client';
import { Empty } from '../components/states';
import { useUi } from '../context';
import { dateTime } from '../i18n';
import type { Route, View } from '../routing';
import { useLoad } from '../use-load';
import { CardGrid, ListCard, LoadedList } from './card-list';
import { LINKED_STRINGS, type LinkedStrings } from './linked-ideas-strings';

type LinkedIdea = LinkedIdeasBody['items'][number];

/** The stages a linked sluice shares, as `LINKED_STAGES` on the server. */
const LINKED_STAGES = ['testing', 'done', 'closed'] as const;
type LinkedStage = (typeof LINKED_STAGES)[number];

const useStyles = makeStyles({
  form: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 14rem), 1fr))',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    alignItems: 'end',
    marginBottom: tokens.spacingVerticalM,
  },
  search: { gridColumn: '1 / -1', display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'end', flexWrap: 'wrap', maxWidth: '40rem' },
  searchField: { flexGrow: 1, minWidth: 'min(14rem, 100%)' },
  field: { minWidth: 0 },
  select: { minWidth: 0, width: '100%', textOverflow: 'ellipsis' },
  summary: { margin: `0 0 ${tokens.spacingVerticalS}`, color: tokens.colorNeutralForeground2 },
  // Not in the brand colour: nothing here is a link.
  from: { margin: 0, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground2 },
  facts: { margin: 0, display: 'grid', gap: tokens.spacingVerticalXXS },
  term: { fontWeight: tokens.fontWeightSemibold, marginTop: tokens.spacingVerticalXS },
  detail: { margin: 0, whiteSpace: 'pre-wrap' },
  effects: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  more: { marginTop: tokens.spacingVerticalM, color: tokens.colorNeutralForeground2 },
});

export interface LinkedIdeasViewProps {
  api: ApiClient;
  config: TabConfig;
  route: Route;
  navigate: (view: View, params: URLSearchParams, options?: { replace?: boolean }) => void;
}

/**
 * "Från länkade idéslussar": the tested, implemented and closed ideas of the sluices linked with
 * the viewer's, each marked with its municipality and sluice, with effects and reasons. Read-only
 * for everyone: nothing here changes an idea, and an idea does not open in the panel (its sluice
 * is not the viewer's). Filters live in the address, like the board's.
 */
export default function LinkedIdeasView({ api, config, route, navigate }: LinkedIdeasViewProps): ReactNode {
  const { locale } = useUi();
  const t = LINKED_STRINGS[locale];
  const s = useStyles();
  const sluice = route.params.get('sluice') ?? '';
  const stageParam = route.params.get('stage') ?? '';
  const stage = (LINKED_STAGES as readonly string[]).includes(stageParam) ? (stageParam as LinkedStage) : '';
  const q = route.params.get('q')?.trim() ?? '';
  const query = useMemo(() => ({ sluice, stage, q, pageSize: 100 }), [sluice, stage, q]);
  const [page, reload] = useLoad(JSON.stringify(query), () => api.linkedIdeas(query));
  const [text, setText] = useState(q);
  // Follow the address when it changes from elsewhere (the back button).
  useEffect(() => setText(q), [q]);

  const set = (key: 'sluice' | 'stage' | 'q', value: string): void => {
    const next = new URLSearchParams(route.params);
    if (value) next.set(key, value);
    else next.delete(key);
    navigate('linked', next, { replace: true });
  };

  const filtered = sluice !== '' || stage !== '' || q !== '';
  const labels = config.stageLabels[locale];

  return (
    <LoadedList intro={t.intro} load={page} loadingLabel={t.loading} onRetry={reload}>
      {(value) =>
        value.sluices.length === 0 ? (
          <Empty title={t.notLinked}>
            <p>{t.notLinkedHint}</p>
          </Empty>
        ) : (
          <>
            <form
              role="search"
              aria-label={t.filtersLabel}
              className={s.form}
              onSubmit={(e) => {
                e.preventDefault();
                set('q', text.trim());
              }}
            >
              {value.sluices.length > 1 ? (
                <Field label={t.sluice} className={s.field}>
                  <Select select={{ className: s.select }} value={sluice} onChange={(_e, d) => set('sluice', d.value)}>
                    <option value="">{t.allSluices}</option>
                    {value.sluices.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </Select>
                </Field>
              ) : null}
              <Field label={t.stage} className={s.field}>
                <Select select={{ className: s.select }} value={stage} onChange={(_e, d) => set('stage', d.value)}>
                  <option value="">{t.allStages}</option>
                  {LINKED_STAGES.map((st) => (
                    <option key={st} value={st}>
                      {labels[st]}
                    </option>
                  ))}
                </Select>
              </Field>
              <div className={s.search}>
                <Field label={t.search} className={s.searchField}>
                  <Input type="search" value={text} onChange={(_e, d) => setText(d.value)} />
                </Field>
                <Button type="submit">{t.searchButton}</Button>
              </div>
            </form>
            {value.items.length === 0 ? (
              <Empty title={filtered ? t.nothingMatches : t.nothingYet} />
            ) : (
              <>
                <p className={s.summary} role="status">
                  {t.count(value.items.length, value.more)}
                </p>
                <CardGrid label={t.listLabel} items={value.items} itemKey={(idea) => `${idea.sluice.id}/${idea.id}`}>
                  {(idea) => <LinkedIdeaCard idea={idea} stageLabel={labels[idea.stage]} t={t} />}
                </CardGrid>
                {value.more ? <p className={s.more}>{t.more}</p> : null}
              </>
            )}
          </>
        )
      }
    </LoadedList>
  );
}

function LinkedIdeaCard({ idea, stageLabel, t }: { idea: LinkedIdea; stageLabel: string; t: LinkedStrings }): ReactNode {
  const { locale, t: common } = useUi();
  const s = useStyles();
  const titleId = `linked-${idea.sluice.id}-${idea.id}`;
  return (
    <ListCard
      titleId={titleId}
      title={idea.title}
      level={2}
      subtitle={<p className={s.from}>{t.from(idea.municipality, idea.sluice.name)}</p>}
      badge={{ label: stageLabel, color: 'informative' }}
      meta={`${t.since(dateTime(idea.stageChangedAt, locale))} · ${t.number(idea.number)}`}
      data-testid="linked-idea"
    >
      <dl className={s.facts}>
        <dt className={s.term}>{t.department}</dt>
        <dd className={s.detail}>{idea.department}</dd>
        <dt className={s.term}>{t.need}</dt>
        <dd className={s.detail}>{idea.need}</dd>
        <dt className={s.term}>{t.idea}</dt>
        <dd className={s.detail}>{idea.idea}</dd>
        {idea.effects.length > 0 ? (
          <>
            <dt className={s.term}>{t.effects}</dt>
            <dd className={s.detail}>
              <ul className={s.effects} data-testid="linked-effects">
                {idea.effects.map((e, i) => (
                  <li key={i}>{common.effectLine(e)}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        {idea.reason ? (
          <>
            <dt className={s.term}>{idea.stage === 'closed' ? t.reasonClosed : t.reasonOther}</dt>
            <dd className={s.detail}>{idea.reason}</dd>
          </>
        ) : null}
      </dl>
    </ListCard>
  );
}
