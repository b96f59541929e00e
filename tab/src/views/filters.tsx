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
      <FilterSelect
        label={t.stage}
        value={params.get('stage') ?? ''}
        onChange={(v) => set('stage', v)}
        allLabel={t.allStages}
        options={config.stages.map((st) => ({ value: st, label: labels[st] }))}
        testId="filter-stage"
      />
      <FilterSelect
        label={t.department}
        value={params.get('department') ?? ''}
        onChange={(v) => set('department', v)}
        allLabel={t.allDepartments}
        options={departments.map((d) => ({ value: d, label: d }))}
        testId="filter-department"
      />
      <FilterSelect
        label={t.coach}
        value={params.get('coach') ?? ''}
        onChange={(v) => set('coach', v)}
        allLabel={t.allCoaches}
        options={config.coaches.map((c, i) => ({ value: c.id, label: c.name ?? t.coachNumber(i + 1) }))}
        testId="filter-coach"
      />
      {config.municipalities.length > 1 ? (
        <FilterSelect
          label={t.municipality}
          value={params.get('municipality') ?? ''}
          onChange={(v) => set('municipality', v)}
          allLabel={t.allMunicipalities}
          options={config.municipalities.map((m) => ({ value: m.tenantId, label: m.name }))}
        />
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

interface FilterSelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The first option, meaning "no filter". */
  allLabel: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  testId?: string;
}

/** One labelled drop-down filter whose empty value means "all". */
function FilterSelect({ label, value, onChange, allLabel, options, testId }: FilterSelectProps): ReactNode {
  const s = useStyles();
  return (
    <Field label={label} className={s.field}>
      <Select select={{ className: s.select }} value={value} onChange={(_e, d) => onChange(d.value)} data-testid={testId}>
        <option value="">{allLabel}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
