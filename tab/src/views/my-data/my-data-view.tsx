import { Button, Link, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, type ReactNode } from 'react';
import type { AuditEventBody } from '../../../../bot/src/api/admin-schemas';
import type { Locale } from '../../../../bot/src/api/contracts';
import type { PersonalDataExportBody } from '../../../../bot/src/api/personal-data-contracts';
import type { ApiClient } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useUi } from '../../context';
import type { Strings } from '../../i18n';
import { ideaHref, type Route } from '../../routing';
import { useLoad } from '../../use-load';
import { AUDIT_LINES, auditLine } from '../admin/audit-lines';
import { MY_DATA_STRINGS, type MyDataStrings } from './strings';

const useStyles = makeStyles({
  document: {
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    maxWidth: '60rem',
    overflowWrap: 'anywhere',
  },
  text: { margin: `0 0 ${tokens.spacingVerticalS}` },
  subtle: { margin: `0 0 ${tokens.spacingVerticalM}`, color: tokens.colorNeutralForeground2 },
  heading: {
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    margin: `${tokens.spacingVerticalXL} 0 ${tokens.spacingVerticalS}`,
  },
  list: { margin: `0 0 ${tokens.spacingVerticalS}`, paddingInlineStart: tokens.spacingHorizontalXL },
  item: { marginBottom: tokens.spacingVerticalS },
  when: { color: tokens.colorNeutralForeground2, marginInlineEnd: tokens.spacingHorizontalS },
  stored: {
    margin: `${tokens.spacingVerticalXS} 0 0`,
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    borderRadius: tokens.borderRadiusMedium,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
  summary: { cursor: 'pointer', color: tokens.colorBrandForegroundLink },
});

type Item = PersonalDataExportBody['items'][number];
type Kind = PersonalDataExportBody['kinds'][number];

/**
 * "Mina uppgifter" (`#/my-data`): everything stored about the signed-in person in their sluice,
 * from `exportMyData` (the server logs the reading) — one section per kind the registry has any
 * items of, each item with its date, the idea it belongs to (opening the idea panel) and what is
 * stored; the kinds with none listed together; and "Ladda ned som JSON", the API's answer exactly
 * as it came.
 */
export default function MyDataView({ api, route }: { api: ApiClient; route: Route }): ReactNode {
  const { locale, t, announce } = useUi();
  const st = MY_DATA_STRINGS[locale];
  const s = useStyles();
  const [loaded, reload] = useLoad('my-data', () => api.myData());

  const download = useCallback(() => {
    if (loaded.kind !== 'ready') return;
    const url = URL.createObjectURL(loaded.value.file);
    const a = document.createElement('a');
    a.href = url;
    a.download = st.fileName(loaded.value.data.producedAt.slice(0, 10));
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    announce(st.downloaded);
  }, [loaded, st, announce]);

  if (loaded.kind === 'loading') return <Loading label={t.loading} />;
  if (loaded.kind === 'error') return <ErrorState error={loaded.error} onRetry={reload} />;
  const data = loaded.value.data;
  const present = data.kinds.filter((k) => k.count > 0);
  const absent = data.kinds.filter((k) => k.count === 0);
  return (
    <article className={s.document} data-testid="my-data">
      <p className={s.text}>{st.intro(data.sluice.name, formatDay(data.producedAt, locale))}</p>
      <p className={s.subtle}>{st.logged}</p>
      <Button appearance="primary" onClick={download} data-testid="my-data-download">
        {st.download}
      </Button>
      {present.length === 0 ? <p className={s.text}>{st.nothing}</p> : null}
      {present.map((kind) => (
        <KindSection
          key={kind.kind}
          kind={kind}
          items={data.items.filter((i) => i.kind === kind.kind)}
          route={route}
          st={st}
          locale={locale}
        />
      ))}
      {absent.length > 0 ? (
        <section aria-labelledby="my-data-none" data-testid="my-data-none">
          <h2 id="my-data-none" className={s.heading}>
            {st.noneHeading}
          </h2>
          <p className={s.text}>{st.none}</p>
          <ul className={s.list}>
            {absent.map((k) => (
              <li key={k.kind}>{k.label[locale]}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className={s.subtle}>{st.rights}</p>
    </article>
  );
}

function KindSection(props: { kind: Kind; items: readonly Item[]; route: Route; st: MyDataStrings; locale: Locale }): ReactNode {
  const { kind, items, route, st, locale } = props;
  const s = useStyles();
  const { t } = useUi();
  const id = `my-data-${kind.kind}`;
  return (
    <section aria-labelledby={id} data-kind={kind.kind}>
      <h2 id={id} className={s.heading}>
        {st.kindHeading(kind.label[locale], kind.count)}
      </h2>
      <ul className={s.list}>
        {items.map((item) => {
          const line = describe(item, t.event, locale);
          return (
            <li key={item.id} className={s.item}>
              {item.at ? (
                <time dateTime={item.at} className={s.when}>
                  {formatTime(item.at, locale)}
                </time>
              ) : (
                <span className={s.when}>{st.noDate}</span>
              )}
              {item.idea ? (
                <>
                  <Link href={ideaHref('my-data', route.params, item.idea.id)}>{st.idea(item.idea.number, item.idea.title)}</Link>{' '}
                </>
              ) : null}
              {line ? <span>{line}</span> : null}
              <details>
                <summary className={s.summary}>{st.showStored}</summary>
                <pre className={s.stored}>{JSON.stringify(item.data, null, 2)}</pre>
              </details>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Fields that say in words what an item is, in the order they are looked for; any kind's data may have them. */
const TEXT_FIELDS = ['title', 'text', 'note', 'comment', 'reason', 'question'] as const;

/**
 * A line of what the item holds, from its data as stored: a history event as the panel's timeline
 * says it ("Anna Lindqvist svarade på frågan"), its text (not the idea's title again), else an audit
 * entry's action; nothing for the rest, whose data is under "Visa allt som är sparat".
 */
function describe(item: Item, events: Strings['event'], locale: Locale): string | undefined {
  const data = item.data;
  const kind = data['kind'];
  const actor = (data['actor'] as { name?: unknown } | undefined)?.name;
  const event =
    typeof kind === 'string' && Object.hasOwn(events, kind) && typeof actor === 'string'
      ? `${actor} ${events[kind as keyof Strings['event']]}`
      : undefined;
  let text: string | undefined;
  for (const field of TEXT_FIELDS) {
    const value = data[field];
    if (typeof value === 'string' && value.trim() && value !== item.idea?.title) {
      text = value.length > 300 ? `${value.slice(0, 300)}…` : value;
      break;
    }
  }
  if (event && text) return `${event}: ${text}`;
  return event ?? text ?? auditText(data, locale);
}

/** An audit entry's line as the Arkiv view writes it ("Tog ut sina egna uppgifter (12 poster)"); its action code if it has none. */
function auditText(data: Record<string, unknown>, locale: Locale): string | undefined {
  const action = data['action'];
  if (typeof action !== 'string') return undefined;
  if (!Object.hasOwn(AUDIT_LINES[locale], action)) return action;
  try {
    return auditLine(data as unknown as AuditEventBody, locale);
  } catch {
    // An entry stored by an older version, without the details its line reads.
    return action;
  }
}

function formatDay(iso: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', { dateStyle: 'long', timeZone: 'Europe/Stockholm' }).format(
    new Date(iso),
  );
}

function formatTime(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'sv-SE', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'Europe/Stockholm',
  }).format(date);
}
