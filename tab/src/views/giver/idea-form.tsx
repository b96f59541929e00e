import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { FieldProblem, IdeaDetail, TabConfig } from '../../../../bot/src/api/contracts';
import type { SimilarIdeaItem } from '../../../../bot/src/api/similar-contracts';
import { ApiFailure, type ApiClient } from '../../api/client';
import { describeFailure } from '../../errors';
import { useMediaQuery } from '../../use-media-query';
import { EMPTY_IDEA, IdeaFields, focusFirstProblem, problemsByField, type IdeaField, type IdeaValues } from './idea-fields';
import { useGiverStrings } from './strings';
import { newIdempotencyKey, rememberSubmitted } from './submitted';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, paddingBottom: tokens.spacingVerticalXXL },
  text: { margin: 0 },
  heading: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  meta: { color: tokens.colorNeutralForeground2 },
  similar: {
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    overflowWrap: 'anywhere',
  },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

export interface IdeaFormProps {
  api: ApiClient;
  config: TabConfig;
  /** False while the form closes (it stays mounted so the drawer can give the page back). */
  open: boolean;
  onClose: () => void;
  /** The idea is stored: open it. */
  onSubmitted: (idea: IdeaDetail) => void;
}

/** How long typing must pause before similar ideas are looked up. */
const SIMILAR_PAUSE_MS = 700;

/**
 * "Lämna en idé": the chat's questions as one form (`submitIdea`). One opening of the form is one
 * idempotency key, so a double click or a retry after a lost answer stores one idea. The server
 * checks every field with the chat's rules; its problems are shown beside the fields.
 */
export default function IdeaForm({ api, config, open, onClose, onSubmitted }: IdeaFormProps): ReactNode {
  const { t, g, locale, announce } = useGiverStrings();
  const s = useStyles();
  const narrow = useMediaQuery('(max-width: 640px)');
  const [key] = useState(newIdempotencyKey);
  const [values, setValues] = useState<IdeaValues>(EMPTY_IDEA);
  const [problems, setProblems] = useState<Partial<Record<IdeaField, FieldProblem>>>({});
  const [notice, setNotice] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [similar, setSimilar] = useState<readonly SimilarIdeaItem[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  const sending = useRef(false);
  const typed = useRef(false);

  // The department of the giver's previous idea, as the chat prefills it.
  useEffect(() => {
    api.mine().then(
      (page) => {
        const previous = page.items[0]?.department;
        if (previous && !typed.current) setValues((v) => (v.department ? v : { ...v, department: previous }));
      },
      () => undefined,
    );
  }, [api]);

  // Similar ideas while writing, once typing pauses; a late answer to older text is dropped.
  const latest = useRef(0);
  useEffect(() => {
    const draft = { title: values.title.trim(), need: values.need.trim(), idea: values.idea.trim() };
    if (!draft.title && !draft.need && !draft.idea) {
      setSimilar([]);
      return;
    }
    const mine = ++latest.current;
    const timer = setTimeout(() => {
      api.similarToDraft({ ...draft, limit: 3 }).then(
        (r) => mine === latest.current && setSimilar(r.items),
        () => undefined,
      );
    }, SIMILAR_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [api, values.title, values.need, values.idea]);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    // A second click while the first is on its way waits for it; the key makes a later retry safe too.
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setNotice(undefined);
    try {
      const { idea } = await api.submitIdea({ ...values, idempotencyKey: key, locale });
      setProblems({});
      rememberSubmitted(idea);
      announce(g.sent(idea.number));
      onSubmitted(idea);
    } catch (err) {
      const named = err instanceof ApiFailure && err.status === 400 ? problemsByField(err.body?.problems ?? []) : {};
      setProblems(named);
      if (Object.keys(named).length > 0) {
        setNotice(g.fixFields);
        // After the render that shows the reasons beside the fields.
        setTimeout(() => focusFirstProblem(formRef.current, named), 0);
      } else setNotice(describeFailure(err, t));
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const labels = config.stageLabels[locale];
  return (
    <OverlayDrawer
      open={open}
      position="end"
      size={narrow ? 'full' : 'medium'}
      onOpenChange={(_e, d) => {
        if (!d.open) onClose();
      }}
      aria-labelledby="idea-form-title"
      data-testid="idea-form"
    >
      <DrawerHeader>
        <DrawerHeaderTitle
          heading={{ id: 'idea-form-title' }}
          action={<Button appearance="subtle" aria-label={t.close} icon={<DismissRegular />} onClick={onClose} />}
        >
          {g.formTitle}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>
        <form ref={formRef} className={s.form} onSubmit={(e) => void submit(e)} noValidate aria-labelledby="idea-form-title">
          <p className={s.text}>{g.formIntro}</p>
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{g.publicRecord}</MessageBarBody>
          </MessageBar>
          {notice ? (
            <MessageBar intent="error" role="alert" layout="multiline" data-testid="form-notice">
              <MessageBarBody>{notice}</MessageBarBody>
            </MessageBar>
          ) : null}
          <IdeaFields
            prefix="new-idea"
            values={values}
            onChange={(v) => {
              typed.current = true;
              setValues(v);
            }}
            problems={problems}
            departments={config.departments}
          />
          {similar.length > 0 ? (
            <section aria-labelledby="form-similar" className={s.similar} data-testid="form-similar">
              <h3 id="form-similar" className={s.heading}>
                {g.similarWhileWriting}
              </h3>
              <p className={s.text}>{g.similarHint}</p>
              <ul className={s.list}>
                {similar.map((i) => (
                  <li key={i.id}>
                    {`#${i.number} ${i.title}`}{' '}
                    <span className={s.meta}>
                      (
                      {[labels[i.stage], i.department, i.municipality, i.linkedSluice ? t.fromLinkedSluice(i.linkedSluice.name) : '']
                        .filter(Boolean)
                        .join(', ')}
                      )
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <div className={s.buttons}>
            <Button type="submit" appearance="primary" disabledFocusable={busy}>
              {busy ? g.sending : g.send}
            </Button>
            <Button onClick={onClose}>{t.cancel}</Button>
          </div>
        </form>
      </DrawerBody>
    </OverlayDrawer>
  );
}
