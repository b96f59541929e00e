import { Button, Field, Input, Link, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { SluiceLinksBody } from '../../../../bot/src/api/link-schemas';
import { ApiFailure, type ApiClient } from '../../api/client';
import { ErrorState, Loading } from '../../components/states';
import { useUi } from '../../context';
import { dateTime } from '../../i18n';
import { formatHash } from '../../routing';
import { useLoad } from '../../use-load';
import { LINK_STRINGS, type LinkStrings } from './link-strings';
import { useAdminStyles } from './parts';

type Link = SluiceLinksBody['items'][number];

const useStyles = makeStyles({
  ownId: {
    fontFamily: tokens.fontFamilyMonospace,
    fontWeight: tokens.fontWeightSemibold,
    overflowWrap: 'anywhere',
  },
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  item: {
    padding: `${tokens.spacingVerticalS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    minWidth: 0,
    overflowWrap: 'anywhere',
  },
  name: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  line: { margin: `${tokens.spacingVerticalXXS} 0`, color: tokens.colorNeutralForeground2 },
  state: { margin: `${tokens.spacingVerticalXXS} 0`, fontWeight: tokens.fontWeightSemibold },
  confirm: {
    marginTop: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  request: { display: 'flex', flexWrap: 'wrap', alignItems: 'end', gap: tokens.spacingHorizontalM },
  field: { flexGrow: 1, minWidth: 'min(16rem, 100%)' },
});

/** What the admin did last, said beside the list and to screen readers. */
type Outcome = { intent: 'success' | 'warning'; text: string } | { intent: 'error'; error: unknown };

/** What a removal of one link is: ending a link, declining their request or withdrawing ours. */
type Removal = 'remove' | 'decline' | 'withdraw';

const removalOf = (link: Link): Removal => (link.state === 'linked' ? 'remove' : link.state === 'invited' ? 'decline' : 'withdraw');

export interface SluiceLinksSectionProps {
  api: ApiClient;
  /** The own sluice's id, to give to the admins of another sluice. */
  sluiceId: string;
  /** Called after every stored step, so the audit log shows it. */
  onChanged: () => void;
}

/**
 * Linked sluices as an admin runs them: the sluice's own id to give away, the links and the
 * requests waiting on either side, asking another sluice, accepting, and removing (each removal
 * confirmed first). The server decides everything; the list shown is always the server's answer.
 */
export function SluiceLinksSection({ api, sluiceId, onChanged }: SluiceLinksSectionProps): ReactNode {
  const { locale, announce } = useUi();
  const t = LINK_STRINGS[locale];
  const s = useAdminStyles();
  const own = useStyles();
  const [links, reload, setLinks] = useLoad('admin-links', () => api.sluiceLinks());
  const [otherId, setOtherId] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [outcome, setOutcome] = useState<Outcome | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);

  const tell = (intent: 'success' | 'warning', text: string): void => {
    setOutcome({ intent, text });
    announce(text);
  };

  /** Runs one step; the links after it replace the list, a refusal is said in words and the list read again. */
  const step = async (what: string, run: () => Promise<SluiceLinksBody>, done: (after: SluiceLinksBody) => string): Promise<boolean> => {
    setBusy(what);
    setOutcome(undefined);
    try {
      const after = await run();
      setLinks(after);
      tell('success', done(after));
      onChanged();
      return true;
    } catch (err) {
      const refused = refusal(err, t, what === 'request' && otherId.trim() === sluiceId);
      if (refused?.field) {
        setFieldError(refused.text);
        input.current?.focus();
      } else if (refused) {
        tell('warning', refused.text);
        reload();
      } else setOutcome({ intent: 'error', error: err });
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const request = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    const id = otherId.trim();
    setFieldError(undefined);
    if (!id) {
      setFieldError(t.required);
      input.current?.focus();
      return;
    }
    const ok = await step(
      'request',
      () => api.requestLink(id),
      (after) => {
        const link = after.items.find((l) => l.sluiceId === id);
        const name = link?.name ?? id;
        return link?.state === 'linked' ? t.linkedNow(name) : t.requested(name);
      },
    );
    if (ok) setOtherId('');
  };

  const accept = (link: Link): void =>
    void step(
      link.sluiceId,
      () => api.acceptLink(link.sluiceId),
      () => t.linkedNow(link.name),
    );

  const remove = async (link: Link): Promise<void> => {
    const kind = removalOf(link);
    const ok = await step(
      link.sluiceId,
      () => api.removeLink(link.sluiceId),
      () => (kind === 'remove' ? t.removed(link.name) : kind === 'decline' ? t.declined(link.name) : t.withdrawn(link.name)),
    );
    if (ok) setConfirming(undefined);
  };

  return (
    <section className={s.section} aria-labelledby="admin-links-title">
      <h2 className={s.h2} id="admin-links-title">
        {t.title}
      </h2>
      <p className={s.hint}>{t.hint}</p>
      <p>
        {t.ownId}: <span className={own.ownId}>{sluiceId}</span>
        <br />
        <span className={s.hint}>{t.ownIdHint}</span>
      </p>

      {outcome?.intent === 'error' ? <ErrorState error={outcome.error} /> : null}
      {outcome && outcome.intent !== 'error' ? (
        <MessageBar intent={outcome.intent} className={s.message} data-testid="links-outcome">
          <MessageBarBody>{outcome.text}</MessageBarBody>
        </MessageBar>
      ) : null}

      {links.kind === 'loading' ? <Loading label={t.loading} /> : null}
      {links.kind === 'error' ? <ErrorState error={links.error} onRetry={reload} /> : null}
      {links.kind === 'ready' && links.value.items.length === 0 ? <p>{t.none}</p> : null}
      {links.kind === 'ready' && links.value.items.length > 0 ? (
        <ul className={own.list} aria-label={t.listLabel}>
          {links.value.items.map((link) => (
            <LinkItem
              key={link.sluiceId}
              link={link}
              t={t}
              busy={busy === link.sluiceId}
              confirming={confirming === link.sluiceId}
              onAccept={() => accept(link)}
              onAskRemove={() => setConfirming(link.sluiceId)}
              onCancel={() => setConfirming(undefined)}
              onRemove={() => void remove(link)}
            />
          ))}
        </ul>
      ) : null}
      {links.kind === 'ready' && links.value.items.some((l) => l.state === 'linked') ? (
        <p>
          <Link href={formatHash('linked', new URLSearchParams())}>{t.showIdeas}</Link>
        </p>
      ) : null}

      <h3 className={s.h3}>{t.requestTitle}</h3>
      <form className={own.request} onSubmit={(e) => void request(e)} noValidate>
        <Field
          className={own.field}
          label={t.otherId}
          hint={t.otherIdHint}
          validationMessage={fieldError}
          validationState={fieldError ? 'error' : 'none'}
        >
          <Input
            ref={input}
            value={otherId}
            onChange={(_, d) => {
              setOtherId(d.value);
              setFieldError(undefined);
            }}
          />
        </Field>
        <Button type="submit" appearance="primary" disabled={busy === 'request'}>
          {busy === 'request' ? t.busy : t.request}
        </Button>
      </form>
    </section>
  );
}

function LinkItem(props: {
  link: Link;
  t: LinkStrings;
  busy: boolean;
  confirming: boolean;
  onAccept: () => void;
  onAskRemove: () => void;
  onCancel: () => void;
  onRemove: () => void;
}): ReactNode {
  const { link, t, busy, confirming } = props;
  const { locale } = useUi();
  const s = useAdminStyles();
  const own = useStyles();
  const kind = removalOf(link);
  const headingId = `link-${link.sluiceId}`;
  return (
    <li className={own.item} aria-labelledby={headingId} data-testid="sluice-link">
      <h3 className={own.name} id={headingId}>
        {link.name}
      </h3>
      {link.municipalities.length > 0 ? <p className={own.line}>{t.municipalities(link.municipalities)}</p> : null}
      <p className={own.state}>{t.state[link.state]}</p>
      <p className={own.line}>{t.since(dateTime(link.since, locale))}</p>
      {confirming ? (
        <div className={own.confirm} role="group" aria-label={t[kind](link.name)}>
          <p style={{ marginTop: 0 }}>
            {kind === 'remove'
              ? t.confirmRemove(link.name)
              : kind === 'decline'
                ? t.confirmDecline(link.name)
                : t.confirmWithdraw(link.name)}
          </p>
          <div className={s.actions}>
            <Button appearance="primary" disabled={busy} onClick={props.onRemove} autoFocus>
              {kind === 'remove' ? t.confirmYes : kind === 'decline' ? t.confirmDeclineYes : t.confirmWithdrawYes}
            </Button>
            <Button disabled={busy} onClick={props.onCancel}>
              {t.cancel}
            </Button>
          </div>
        </div>
      ) : (
        <div className={s.actions}>
          {link.state === 'invited' ? (
            <Button appearance="primary" disabled={busy} onClick={props.onAccept}>
              {t.accept(link.name)}
            </Button>
          ) : null}
          <Button disabled={busy} onClick={props.onAskRemove}>
            {t[kind](link.name)}
          </Button>
        </div>
      )}
    </li>
  );
}

/**
 * A refusal in words, `field` when it is about the id typed (`ownId`: the id typed is the own
 * sluice's); undefined for a failure that is not a refusal (said by the tab's usual error words).
 */
function refusal(err: unknown, t: LinkStrings, ownId: boolean): { text: string; field?: true } | undefined {
  if (!(err instanceof ApiFailure)) return undefined;
  const aboutId = err.body?.problems?.some((p) => p.field === 'sluiceId');
  if (err.status === 404 && err.body?.code === 'UnknownSluice') return { text: t.unknownSluice, field: true };
  if (err.status === 400 && aboutId) return { text: ownId ? t.self : t.badId, field: true };
  if (err.status === 409) return { text: t.noRequest };
  if (err.status === 404) return { text: t.gone };
  if (err.status === 412) return { text: t.stale };
  return undefined;
}
