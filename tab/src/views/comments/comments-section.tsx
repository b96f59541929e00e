import {
  Badge,
  Button,
  Checkbox,
  Field,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { CommentItem, CommentsResponse } from '../../../../bot/src/api/comment-contracts';
import { ApiFailure, type ApiClient } from '../../api/client';
import { describeFailure } from '../../errors';
import { dateTime } from '../../i18n';
import { useLoad } from '../../use-load';
import { newIdempotencyKey } from '../giver/submitted';
import { useCommentStrings, type CommentStrings } from './strings';

/** Characters a comment may have (the server says the same, and refuses more). */
const MAX_CHARS = 2000;

const useStyles = makeStyles({
  heading: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  item: {
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
    paddingLeft: tokens.spacingHorizontalS,
    minWidth: 0,
  },
  note: { borderLeftColor: tokens.colorPaletteMarigoldBorderActive },
  meta: { color: tokens.colorNeutralForeground2, display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  author: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  // Shown exactly as typed: line breaks kept, long words broken so 320 px never scrolls sideways.
  text: { margin: `${tokens.spacingVerticalXXS} 0 0`, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  hidden: { margin: `${tokens.spacingVerticalXXS} 0 0`, fontStyle: 'italic', overflowWrap: 'anywhere' },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXS, marginTop: tokens.spacingVerticalXXS },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalM },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
});

export interface CommentsSectionProps {
  readonly api: ApiClient;
  readonly ideaId: string;
}

type Notice = { readonly intent: 'error' | 'success'; readonly text: string };

/**
 * "Kommentarer" in the idea panel: the idea's comments (and, for coaches, internal notes) shown
 * literally, a form to write one, and the author's edit and delete within 15 minutes and a coach's
 * hide with a reason. What the caller may do is decided by the server; the buttons follow what it says.
 */
export function CommentsSection({ api, ideaId }: CommentsSectionProps): ReactNode {
  const { c, t, locale, announce } = useCommentStrings();
  const s = useStyles();
  const [load, reload, set] = useLoad<CommentsResponse>(`comments:${ideaId}`, () => api.comments(ideaId));
  const [text, setText] = useState('');
  const [asNote, setAsNote] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice | undefined>();
  const [busy, setBusy] = useState(false);
  // One key per comment being written: a double click or a retry after a lost answer stores one.
  const key = useRef(newIdempotencyKey());
  const sending = useRef(false);

  const replace = (item: CommentItem | undefined, id: string): void => {
    if (load.kind !== 'ready') return;
    const items = item ? load.value.items.map((x) => (x.id === id ? item : x)) : load.value.items.filter((x) => x.id !== id);
    set({ ...load.value, items });
  };

  const failureText = (err: unknown): string => {
    if (err instanceof ApiFailure) {
      if (err.status === 429) return c.tooMany;
      const p = err.body?.problems?.[0];
      if (err.status === 400 && p?.problem === 'empty') return c.empty;
      if (err.status === 400 && p?.problem === 'tooLong') return c.tooLong;
      if (err.status === 409 && err.body?.code === 'EditWindowClosed') return c.windowClosed;
    }
    return describeFailure(err, t);
  };

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    if (sending.current) return;
    if (text.trim() === '') return setProblem(c.empty);
    if ([...text.trim()].length > MAX_CHARS) return setProblem(c.tooLong);
    sending.current = true;
    setBusy(true);
    setProblem(undefined);
    setNotice(undefined);
    try {
      const { comment } = await api.addComment(ideaId, { text, kind: asNote ? 'note' : 'comment', idempotencyKey: key.current });
      key.current = newIdempotencyKey();
      setText('');
      if (load.kind === 'ready' && !load.value.items.some((x) => x.id === comment.id))
        set({ ...load.value, items: [...load.value.items, comment] });
      const done = comment.kind === 'note' ? c.noteSent : c.sent;
      setNotice({ intent: 'success', text: done });
      announce(done);
    } catch (err) {
      const message = failureText(err);
      if (err instanceof ApiFailure && err.status === 400) setProblem(message);
      else setNotice({ intent: 'error', text: message });
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="idea-comments" data-testid="idea-comments">
      <h3 id="idea-comments" className={s.heading}>
        {c.heading}
      </h3>
      {load.kind === 'error' ? (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{c.loadFailed}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={reload}>{c.retry}</Button>
          </MessageBarActions>
        </MessageBar>
      ) : load.kind === 'ready' ? (
        load.value.items.length === 0 ? (
          <p>{c.none}</p>
        ) : (
          <ol className={s.list} aria-label={c.heading}>
            {load.value.items.map((item) => (
              <Comment
                key={item.id}
                api={api}
                ideaId={ideaId}
                item={item}
                c={c}
                locale={locale}
                onChange={(next) => replace(next, item.id)}
                onNotice={(n) => {
                  setNotice(n);
                  if (n.intent === 'success') announce(n.text);
                }}
                failureText={failureText}
              />
            ))}
          </ol>
        )
      ) : null}
      {notice ? (
        <MessageBar intent={notice.intent} role={notice.intent === 'error' ? 'alert' : undefined}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      ) : null}
      <form className={s.form} onSubmit={(e) => void submit(e)} aria-label={c.newComment} noValidate>
        <Field label={c.write} hint={`${c.writeHint} ${c.count([...text].length)}`} validationMessage={problem}>
          <Textarea
            value={text}
            resize="vertical"
            data-testid="comment-text"
            onChange={(_e, d) => {
              setText(d.value);
              if (problem) setProblem(undefined);
            }}
          />
        </Field>
        <div className={s.row}>
          {load.kind === 'ready' && load.value.mayWriteNotes ? (
            <Checkbox checked={asNote} onChange={(_e, d) => setAsNote(d.checked === true)} label={c.asNote} />
          ) : null}
          <Button type="submit" appearance="primary" disabled={busy}>
            {busy ? c.sending : c.send}
          </Button>
        </div>
      </form>
    </section>
  );
}

interface CommentProps {
  readonly api: ApiClient;
  readonly ideaId: string;
  readonly item: CommentItem;
  readonly c: CommentStrings;
  readonly locale: 'sv' | 'en';
  readonly onChange: (item: CommentItem | undefined) => void;
  readonly onNotice: (notice: Notice) => void;
  readonly failureText: (err: unknown) => string;
}

/** One comment: who and when, its text as typed (or who hid it and why), and what the caller may do with it. */
function Comment({ api, ideaId, item, c, locale, onChange, onNotice, failureText }: CommentProps): ReactNode {
  const s = useStyles();
  const [mode, setMode] = useState<'view' | 'edit' | 'hide'>('view');
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const mayChange = item.editableUntil !== undefined && Date.parse(item.editableUntil) > Date.now();

  const run = async (request: () => Promise<CommentItem | undefined>, done: string): Promise<void> => {
    setBusy(true);
    setProblem(undefined);
    try {
      onChange(await request());
      setMode('view');
      onNotice({ intent: 'success', text: done });
    } catch (err) {
      const text = failureText(err);
      if (err instanceof ApiFailure && err.status === 400) setProblem(text);
      else onNotice({ intent: 'error', text });
    } finally {
      setBusy(false);
    }
  };

  const save = (e: FormEvent): void => {
    e.preventDefault();
    if (draft.trim() === '') return setProblem(mode === 'hide' ? c.reasonEmpty : c.empty);
    if (mode === 'edit') void run(() => api.editComment(ideaId, item.id, { text: draft }).then((r) => r.comment), c.saved);
    else void run(() => api.hideComment(ideaId, item.id, { reason: draft }).then((r) => r.comment), c.hidden);
  };

  return (
    <li className={item.kind === 'note' ? `${s.item} ${s.note}` : s.item} data-testid="comment">
      <div className={s.meta}>
        <span className={s.author}>{item.author.name}</span>
        <time dateTime={item.at}>{dateTime(item.at, locale)}</time>
        {item.editedAt ? <span>({c.edited})</span> : null}
        {item.kind === 'note' ? (
          <Badge appearance="outline" color="warning">
            {c.note}
          </Badge>
        ) : null}
      </div>
      {item.hidden ? <p className={s.hidden}>{c.hiddenBy(item.hidden.by.name, item.hidden.reason)}</p> : null}
      {item.hidden && item.text ? <p className={s.hidden}>{c.hiddenText}</p> : null}
      {mode !== 'edit' && item.text ? <p className={s.text}>{item.text}</p> : null}
      {mode === 'view' ? (
        <div className={s.buttons}>
          {mayChange ? (
            <>
              <Button
                size="small"
                appearance="subtle"
                disabled={busy}
                aria-label={`${c.edit}: ${item.author.name}, ${dateTime(item.at, locale)}`}
                onClick={() => {
                  setDraft(item.text);
                  setMode('edit');
                }}
              >
                {c.edit}
              </Button>
              <Button
                size="small"
                appearance="subtle"
                disabled={busy}
                aria-label={`${c.remove}: ${item.author.name}, ${dateTime(item.at, locale)}`}
                onClick={() => void run(() => api.deleteComment(ideaId, item.id).then(() => undefined), c.removed)}
              >
                {c.remove}
              </Button>
            </>
          ) : null}
          {item.mayHide ? (
            <Button
              size="small"
              appearance="subtle"
              disabled={busy}
              aria-label={`${c.hide}: ${item.author.name}, ${dateTime(item.at, locale)}`}
              onClick={() => {
                setDraft('');
                setMode('hide');
              }}
            >
              {c.hide}
            </Button>
          ) : null}
        </div>
      ) : (
        <form className={s.form} onSubmit={save} noValidate>
          <Field
            label={mode === 'edit' ? c.editLabel : c.hideReason}
            {...(mode === 'hide' ? { hint: c.hideReasonHint } : {})}
            validationMessage={problem}
          >
            <Textarea value={draft} resize="vertical" onChange={(_e, d) => setDraft(d.value)} />
          </Field>
          <div className={s.row}>
            <Button type="submit" appearance="primary" disabled={busy}>
              {mode === 'edit' ? c.save : c.hideSubmit}
            </Button>
            <Button appearance="secondary" disabled={busy} onClick={() => setMode('view')}>
              {c.cancel}
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}
