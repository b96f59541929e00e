import { Button, Field, Link, makeStyles, MessageBar, MessageBarBody, Textarea, tokens } from '@fluentui/react-components';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { SupportResponse } from '../../../bot/src/api/support-contracts';
import { ApiFailure, type ApiClient } from '../api/client';
import { useUi } from '../context';
import { describeFailure } from '../errors';
import { useLoad } from '../use-load';
import { SUPPORT_STRINGS } from './support-strings';

const NOTE_MAX = 500;

const useStyles = makeStyles({
  heading: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  subheading: { margin: `${tokens.spacingVerticalS} 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase300 },
  text: { margin: 0 },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  note: { margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  meta: { color: tokens.colorNeutralForeground2 },
  form: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalS, maxWidth: '100%' },
  textarea: { width: '100%' },
});

/**
 * "Stöd och hjälp" in the idea panel: how many support the idea, "Jag stödjer idén" (or take it
 * back), the colleagues who offered help with their notes, "Jag kan hjälpa till" with a note, and
 * for the giver, the coach and each helper a link to a Teams group chat with the three. Who may do
 * what is decided by the server; the buttons only follow what it answers.
 */
export function IdeaSupport({ api, ideaId, onChanged }: { api: ApiClient; ideaId: string; onChanged: () => void }): ReactNode {
  const { t, locale, announce } = useUi();
  const st = SUPPORT_STRINGS[locale];
  const s = useStyles();
  const [load, , set] = useLoad(`support:${ideaId}`, () => api.support(ideaId));
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<{ intent: 'error' | 'success'; text: string } | undefined>();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [writing, setWriting] = useState(false);
  if (load.kind !== 'ready') return null;
  const view: SupportResponse = load.value;

  const run = async (request: () => Promise<SupportResponse>, done: string): Promise<boolean> => {
    setBusy(true);
    setNotice(undefined);
    try {
      set(await request());
      setNotice({ intent: 'success', text: done });
      announce(done);
      onChanged();
      return true;
    } catch (err) {
      setNotice({ intent: 'error', text: describeFailure(err, t) });
      // What the server says now (e.g. the idea was closed meanwhile).
      if (err instanceof ApiFailure) void api.support(ideaId).then(set, () => undefined);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const offer = (e: FormEvent): void => {
    e.preventDefault();
    const text = note.trim();
    if (text === '') return setProblem(st.empty);
    if ([...text].length > NOTE_MAX) return setProblem(st.tooLong);
    setProblem(undefined);
    void run(() => api.offerHelp(ideaId, { note: text }), st.sent).then((ok) => {
      if (ok) {
        setNote('');
        setWriting(false);
      }
    });
  };

  return (
    <section aria-labelledby="idea-support" data-testid="idea-support">
      <h3 id="idea-support" className={s.heading}>
        {st.heading}
      </h3>
      {notice ? (
        <MessageBar intent={notice.intent} role={notice.intent === 'error' ? 'alert' : undefined}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.row}>
        <p className={s.text} data-testid="support-count">
          {st.count(view.count)}
          {view.mine ? ` ${st.supported}` : ''}
        </p>
        {view.refusal ? null : view.mine ? (
          <Button appearance="subtle" disabled={busy} onClick={() => void run(() => api.withdrawSupport(ideaId), st.withdrawn)}>
            {st.withdraw}
          </Button>
        ) : (
          <Button appearance="primary" disabled={busy} onClick={() => void run(() => api.supportIdea(ideaId), st.supported)}>
            {st.support}
          </Button>
        )}
      </div>
      {view.refusal ? <p className={s.meta}>{view.refusal === 'ownIdea' ? st.ownIdea : st.closed}</p> : null}

      <h4 className={s.subheading}>{st.helpHeading}</h4>
      {view.helpers.length === 0 ? (
        <p className={s.text}>{st.noHelpers}</p>
      ) : (
        <ul className={s.list} aria-label={st.helpHeading}>
          {view.helpers.map((h) => (
            <li key={`${h.helper.id}:${h.at}`}>
              <strong>{h.helper.name}</strong>
              <p className={s.note}>{h.note}</p>
              {h.chat?.url ? (
                <Link href={h.chat.url} target="_blank" rel="noopener noreferrer">
                  {st.chat(h.helper.name)}
                </Link>
              ) : null}
              {h.chat && h.chat.missing.length > 0 ? (
                <p className={s.meta}>{(h.chat.url ? st.missing : st.noChat)(h.chat.missing.join(', '))}</p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {view.refusal ? null : view.offered ? (
        <p className={s.meta}>{st.offered}</p>
      ) : writing ? (
        <form className={s.form} onSubmit={offer} aria-label={st.offer} noValidate>
          <Field className={s.textarea} label={st.noteLabel} validationMessage={problem}>
            <Textarea value={note} placeholder={st.notePlaceholder} onChange={(_e, d) => setNote(d.value)} resize="vertical" />
          </Field>
          <Button type="submit" appearance="primary" disabled={busy}>
            {st.send}
          </Button>
        </form>
      ) : (
        <Button appearance="secondary" onClick={() => setWriting(true)}>
          {st.offer}
        </Button>
      )}
    </section>
  );
}
