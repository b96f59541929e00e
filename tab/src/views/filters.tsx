import { Button, Checkbox, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { TabConfig } from '../../../bot/src/api/contracts';
import { useUi } from '../context';
import { FILTER_KEYS, hasFilters } from '../routing';

const SEARCH_DELAY_MS = 300;

const useStyles = makeStyles({
  form: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 12rem), 1fr))',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    alignItems: 'end',
    marginBottom: tokens.spacingVerticalM,
  },
  search: { gridColumn: '1 / -1', maxWidth: '40rem' },
  // Grid items may not grow past their track because of a long option text.
  field: { minWidth: 0 },
  select: { minWidth: 0, width: '100%', textOverflow: 'ellipsis' },
  actions: { gridColumn: '1 / -1', display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

interface FiltersProps {
  config: TabConfig;
  params: URLSearchParams;
  /** Departments seen on the board, for sluices that have not listed theirs. */
  seenDepartments: readonly string[];
  onChange: (next: URLSearchParams) => void;
}

/**
 * Search and filters of the board. Every value lives in the address, so a filtered board can
 * be shared as a link; the search box waits for a pause in typing before it asks the server.
 */
export function Filters({ config, params, seenDepartments, onChange }: FiltersProps): ReactNode {
  const { t, locale } = useUi();
  const s = useStyles();
  const labels = config.stageLabels[locale];
  const [text, setText] = useState(params.get('q') ?? '');
  const timer = useRef<number | undefined>(undefined);

  // Follow the address when it changes from elsewhere (back button, "clear filters").
  useEffect(() => setText(params.get('q') ?? ''), [params]);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const set = (key: (typeof FILTER_KEYS)[number], value: string): void => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    onChange(next);
  };
  const onSearch = (value: string): void => {
    setText(value);
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => set('q', value.trim()), SEARCH_DELAY_MS);
  };
  const clear = (): void => {
    const next = new URLSearchParams(params);
    for (const key of FILTER_KEYS) next.delete(key);
    setText('');
    onChange(next);
  };

  const departments = [...new Set([...config.departments, ...seenDepartments, params.get('department') ?? ''])]
    .filter((d) => d !== '')
    .sort((a, b) => a.localeCompare(b, locale));

  return (
    <form
      role="search"
      aria-label={t.filtersLabel}
      className={s.form}
      onSubmit={(e) => {
        e.preventDefault();
        window.clearTimeout(timer.current);
        set('q', text.trim());
      }}
    >
      <Field label={t.search} className={s.search}>
        <Input type="search" value={text} placeholder={t.searchPlaceholder} onChange={(_e, d) => onSearch(d.value)} data-testid="search" />
      </Field>
      <Field label={t.stage} className={s.field}>
        <Select
          select={{ className: s.select }}
          value={params.get('stage') ?? ''}
          onChange={(_e, d) => set('stage', d.value)}
          data-testid="filter-stage"
        >
          <option value="">{t.allStages}</option>
          {config.stages.map((st) => (
            <option key={st} value={st}>
              {labels[st]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t.department} className={s.field}>
        <Select
          select={{ className: s.select }}
          value={params.get('department') ?? ''}
          onChange={(_e, d) => set('department', d.value)}
          data-testid="filter-department"
        >
          <option value="">{t.allDepartments}</option>
          {departments.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t.coach} className={s.field}>
        <Select
          select={{ className: s.select }}
          value={params.get('coach') ?? ''}
          onChange={(_e, d) => set('coach', d.value)}
          data-testid="filter-coach"
        >
          <option value="">{t.allCoaches}</option>
          {config.coaches.map((c, i) => (
            <option key={c.id} value={c.id}>
              {c.name ?? t.coachNumber(i + 1)}
            </option>
          ))}
        </Select>
      </Field>
      {config.municipalities.length > 1 ? (
        <Field label={t.municipality} className={s.field}>
          <Select
            select={{ className: s.select }}
            value={params.get('municipality') ?? ''}
            onChange={(_e, d) => set('municipality', d.value)}
          >
            <option value="">{t.allMunicipalities}</option>
            {config.municipalities.map((m) => (
              <option key={m.tenantId} value={m.tenantId}>
                {m.name}
              </option>
            ))}
          </Select>
        </Field>
      ) : null}
      <Field label={t.from} className={s.field}>
        <Input type="date" value={params.get('from') ?? ''} onChange={(_e, d) => set('from', d.value)} />
      </Field>
      <Field label={t.to} className={s.field}>
        <Input type="date" value={params.get('to') ?? ''} onChange={(_e, d) => set('to', d.value)} />
      </Field>
      <div className={s.actions}>
        <Checkbox
          label={t.needsInfoOnly}
          checked={params.get('needsInfo') === 'true'}
          onChange={(_e, d) => set('needsInfo', d.checked === true ? 'true' : '')}
        />
        <Button onClick={clear} disabled={!hasFilters(params)}>
          {t.clearFilters}
        </Button>
      </div>
    </form>
  );
}
