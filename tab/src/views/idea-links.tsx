import { Button, Field, Input, Link, makeStyles, MessageBar, MessageBarBody, Select, tokens } from '@fluentui/react-components';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { IdeaDetail, LinkKind, TabConfig } from '../../../bot/src/api/contracts';
import { ApiFailure, type ApiClient } from '../api/client';
import { useUi } from '../context';
import { describeFailure } from '../errors';
import { formatHash, parseHash } from '../routing';

const KINDS: readonly LinkKind[] = ['similar', 'duplicate', 'related'];

const useStyles = makeStyles({
  heading: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  meta: { color: tokens.colorNeutralForeground2 },
  form: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalS },
  number: { width: '8em' },
});

/** The tab address that opens another idea in the panel, keeping the view and its filters. */
function hrefFor(id: string): string {
  const here = parseHash(window.location.hash);
  const params = new URLSearchParams(here.params);
  params.set('idea', id);
  params.delete('do');
  return formatHash(here.view, params);
}

export interface IdeaLinksProps {
  readonly api: ApiClient;
  readonly config: TabConfig;
  readonly idea: IdeaDetail;
  readonly onIdea: (idea: IdeaDetail) => void;
  readonly onChanged: () => void;
}

/**
 * "Kopplade idéer" in the idea panel: the ideas a coach linked this one to (number and title, how
 * they belong together, stage), and for coaches "Koppla till idé" (a number and a kind) and a way to
 * remove a link. Whether the caller may is decided by the server; the control is only shown to coaches.
 */
export function IdeaLinks({ api, config, idea, onIdea, onChanged }: IdeaLinksProps): ReactNode {
  const { t, locale, announce } = useUi();
  const s = useStyles();
  const labels = config.stageLabels[locale];
  const coach = config.caller.isCoach;
  const [number, setNumber] = useState('');
  const [kind, setKind] = useState<LinkKind>('similar');
  const [problem, setProblem] = useState<string | undefined>();
  const [notice, setNotice] = useState<{ intent: 'error' | 'warning' | 'success'; text: string } | undefined>();
  const [busy, setBusy] = useState(false);
  if (!coach && idea.links.length === 0) return null;

  const run = async (request: () => Promise<{ idea: IdeaDetail }>, done: string): Promise<void> => {
    setBusy(true);
    setNotice(undefined);
    setProblem(undefined);
    try {
      const { idea: next } = await request();
      onIdea(next);
      onChanged();
      setNumber('');
      setNotice({ intent: 'success', text: done });
      announce(done);
    } catch (err) {
      if (err instanceof ApiFailure && err.body?.current) onIdea(err.body.current);
      const text = describeFailure(err, t);
      if (err instanceof ApiFailure && (err.status === 400 || err.status === 404)) setProblem(text);
      else setNotice({ intent: err instanceof ApiFailure && err.status === 412 ? 'warning' : 'error', text });
    } finally {
      setBusy(false);
    }
  };

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const wanted = Number(number.trim().replace(/^#/, ''));
    if (!Number.isInteger(wanted) || wanted < 1) {
      setProblem(t.linkNumber);
      return;
    }
    void run(() => api.linkIdeas(idea.id, idea.etag, { number: wanted, kind }), t.linked(wanted));
  };

  return (
    <section aria-labelledby="idea-links" data-testid="idea-links">
      <h3 id="idea-links" className={s.heading}>
        {t.linkedIdeasHeading}
      </h3>
      {notice ? (
        <MessageBar intent={notice.intent} role={notice.intent === 'error' ? 'alert' : undefined}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      ) : null}
      {idea.links.length > 0 ? (
        <ul className={s.list}>
          {idea.links.map((l) => (
            <li key={l.id}>
              <span className={s.meta}>{t.linkKind[l.kind]} </span>
              <Link href={hrefFor(l.id)}>{`#${l.number} ${l.title}`}</Link> <span className={s.meta}>({labels[l.stage]})</span>
              {coach ? (
                <>
                  {' '}
                  <Button
                    size="small"
                    appearance="subtle"
                    disabled={busy}
                    onClick={() => void run(() => api.unlinkIdeas(idea.id, idea.etag, l.id), t.unlinked(l.number))}
                  >
                    {t.unlink(l.number)}
                  </Button>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {coach ? (
        <form className={s.form} onSubmit={submit} aria-label={t.linkTo} noValidate>
          <Field label={t.linkNumber} validationMessage={problem}>
            <Input className={s.number} inputMode="numeric" value={number} onChange={(_e, d) => setNumber(d.value)} />
          </Field>
          <Field label={t.linkKindLabel}>
            <Select value={kind} onChange={(_e, d) => setKind(d.value as LinkKind)}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t.linkKind[k]}
                </option>
              ))}
            </Select>
          </Field>
          <Button type="submit" appearance="secondary" disabled={busy || number.trim() === ''}>
            {t.linkSubmit}
          </Button>
        </form>
      ) : null}
    </section>
  );
}
