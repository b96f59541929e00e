import { Combobox, Field, Option, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { PeopleSearchResponse, PersonChoice } from '../../../../bot/src/api/people-contracts';
import type { ApiClient } from '../../api/client';
import { useUi } from '../../context';
import { PEOPLE_PICKER_STRINGS } from './people-picker-strings';

/** How long typing must pause before the server is asked. */
const PAUSE_MS = 250;
/** The fewest characters the server searches for (searchPeople refuses fewer). */
const MIN_CHARS = 2;

const useStyles = makeStyles({
  picker: { maxWidth: '28rem', width: '100%' },
  combobox: { width: '100%', minWidth: 0 },
  status: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, minHeight: '1.2em' },
  detail: { color: tokens.colorNeutralForeground2 },
});

export interface PeoplePickerProps {
  api: ApiClient;
  /** The field's label, e.g. "Sök en person att lägga till som idécoach". */
  label: string;
  /** Ids already in the list: shown as already added and not picked again. */
  exclude: readonly string[];
  onPick: (person: PersonChoice) => void;
  testId?: string;
}

/**
 * Search as you type for a person (Fluent's Combobox over `searchPeople`): the server searches the
 * directory on behalf of the signed-in user and the people the sluice knows, and this says when
 * only the latter could be searched. Nobody types an Entra id; the picked person's id goes on.
 */
export function PeoplePicker({ api, label, exclude, onPick, testId }: PeoplePickerProps): ReactNode {
  const { locale } = useUi();
  const t = PEOPLE_PICKER_STRINGS[locale];
  const s = useStyles();
  const statusId = useId();
  const [query, setQuery] = useState('');
  const [answer, setAnswer] = useState<PeopleSearchResponse | undefined>(undefined);
  const [state, setState] = useState<'idle' | 'searching' | 'done' | 'failed'>('idle');
  const [added, setAdded] = useState<string | undefined>(undefined);
  const asked = useRef(0);

  useEffect(() => {
    const words = query.trim();
    if (words.length < MIN_CHARS) {
      setState('idle');
      setAnswer(undefined);
      return;
    }
    const mine = ++asked.current;
    setState('searching');
    const timer = setTimeout(() => {
      api.searchPeople(words).then(
        (found) => {
          if (asked.current !== mine) return;
          setAnswer(found);
          setState('done');
        },
        () => {
          if (asked.current !== mine) return;
          setAnswer(undefined);
          setState('failed');
        },
      );
    }, PAUSE_MS);
    return () => clearTimeout(timer);
  }, [api, query]);

  const people = answer?.people ?? [];
  const taken = new Set(exclude.map((id) => id.trim().toLowerCase()));
  const status =
    state === 'searching'
      ? t.searching
      : state === 'failed'
        ? t.failed
        : state === 'done'
          ? people.length === 0
            ? t.none
            : t.found(people.length)
          : (added ?? '');
  const note = answer?.directory === 'off' ? t.off : answer?.directory === 'unavailable' ? t.unavailable : undefined;

  return (
    <div className={s.picker} data-testid={testId}>
      <Field label={label} hint={note}>
        <Combobox
          className={s.combobox}
          freeform
          value={query}
          selectedOptions={[]}
          placeholder={t.placeholder}
          aria-describedby={statusId}
          onChange={(e) => {
            setAdded(undefined);
            setQuery(e.target.value);
          }}
          onOptionSelect={(_e, data) => {
            const person = people.find((p) => p.id === data.optionValue);
            if (!person || taken.has(person.id)) return;
            onPick(person);
            asked.current += 1;
            setQuery('');
            setAnswer(undefined);
            setState('idle');
            setAdded(t.added(person.name));
          }}
        >
          {people.map((p) => (
            <Option key={p.id} value={p.id} text={p.name} disabled={taken.has(p.id)}>
              <span>
                {p.name}
                {p.mail || taken.has(p.id) ? (
                  <span className={s.detail}> ({[p.mail, taken.has(p.id) ? t.already : undefined].filter(Boolean).join(', ')})</span>
                ) : null}
              </span>
            </Option>
          ))}
        </Combobox>
      </Field>
      <div id={statusId} className={s.status} role="status" aria-live="polite">
        {status}
      </div>
    </div>
  );
}
