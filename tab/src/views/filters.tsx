import {
  Button,
  Checkbox,
  CounterBadge,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Field,
  Input,
  OverlayDrawer,
  Select,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular, FilterRegular } from '@fluentui/react-icons';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { TabConfig } from '../../../bot/src/api/contracts';
import { DateField } from '../components/date-field';
import { FILTER_KEYS, hasFilters, sortFromParams } from '../routing';
import { useBoardSortStrings } from './board-sort-strings';
import { PHONE_WIDTH, useMediaQuery } from '../use-media-query';
import { usePhoneStrings } from './phone-strings';

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
  /** At phone width: the search box and the "Filter" button on one line. */
  folded: {
    display: 'flex',
    alignItems: 'flex-end',
    gap: tokens.spacingHorizontalS,
    marginBottom: tokens.spacingVerticalM,
  },
  foldedSearch: { flexGrow: 1, minWidth: 0 },
  drawerFields: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

interface FiltersProps {
  config: TabConfig;
  params: URLSearchParams;
  /** Departments seen on the board, for sluices that have not listed theirs. */
  seenDepartments: readonly string[];
  onChange: (next: URLSearchParams) => void;
  /** How many ideas the filters leave, for the folded filters' "Visa N idéer". */
  total?: number;
  /** The sluice's challenges, for the "Utmaning" filter (shown when there are any). */
  challenges?: readonly { readonly id: string; readonly title: string }[];
}

/** The filters set in the address (the search box, which stays in sight, not counted). */
export function activeFilterCount(params: URLSearchParams): number {
  return FILTER_KEYS.filter((k) => k !== 'q' && (params.get(k) ?? '') !== '').length;
}

/**
 * Search and filters of the board. Every value lives in the address, so a filtered board can
 * be shared as a link; the search box waits for a pause in typing before it asks the server.
 */
export function Filters({ config, params, seenDepartments, onChange, total, challenges = [] }: FiltersProps): ReactNode {
  const { t, p, locale } = usePhoneStrings();
  const b = useBoardSortStrings();
  const s = useStyles();
  // At phone width every filter but the search folds behind one "Filter" button (a drawer).
  const phone = useMediaQuery(PHONE_WIDTH);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [badDate, setBadDate] = useState<'from' | 'to' | undefined>();
  const filterButton = useRef<HTMLButtonElement>(null);
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
  /** The board's order is not a filter: "Rensa filter" keeps it. */
  const setSort = (value: string): void => {
    const next = new URLSearchParams(params);
    if (value === 'score') next.set('sort', 'score');
    else next.delete('sort');
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

  const searchField = (
    <Field label={t.search} className={phone ? s.foldedSearch : s.search}>
      <Input type="search" value={text} placeholder={t.searchPlaceholder} onChange={(_e, d) => onSearch(d.value)} data-testid="search" />
    </Field>
  );
  const dateField = (key: 'from' | 'to', label: string): ReactNode => (
    <Field
      label={label}
      className={s.field}
      validationState={badDate === key ? 'error' : 'none'}
      validationMessage={badDate === key ? p.notADate : undefined}
    >
      <DateField
        value={params.get(key) ?? ''}
        onChange={(v) => {
          setBadDate(undefined);
          set(key, v);
        }}
        onEdit={() => setBadDate(undefined)}
        onInvalid={() => setBadDate(key)}
        data-testid={`filter-${key}`}
        deferred
      />
    </Field>
  );
  const fields = (
    <>
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
      {challenges.length > 0 || params.get('challenge') ? (
        <FilterSelect
          label={b.challenge}
          value={params.get('challenge') ?? ''}
          onChange={(v) => set('challenge', v)}
          allLabel={b.allChallenges}
          options={challenges.map((c) => ({ value: c.id, label: c.title }))}
          unknownLabel={b.chosenChallenge}
          testId="filter-challenge"
        />
      ) : null}
      {config.caller.isCoach ? (
        <Field label={b.sort} className={s.field}>
          <Select
            select={{ className: s.select }}
            value={sortFromParams(params, true)}
            onChange={(_e, d) => setSort(d.value)}
            data-testid="board-sort"
          >
            <option value="newest">{b.sortNewest}</option>
            <option value="score">{b.sortScore}</option>
          </Select>
        </Field>
      ) : null}
      {dateField('from', t.from)}
      {dateField('to', t.to)}
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
    </>
  );
  const submit = (e: FormEvent): void => {
    e.preventDefault();
    window.clearTimeout(timer.current);
    set('q', text.trim());
  };

  if (!phone)
    return (
      <form role="search" aria-label={t.filtersLabel} className={s.form} onSubmit={submit}>
        {searchField}
        {fields}
      </form>
    );

  const count = activeFilterCount(params);
  const closeDrawer = (): void => {
    setDrawerOpen(false);
    filterButton.current?.focus();
  };
  return (
    <>
      <form role="search" aria-label={t.filtersLabel} className={s.folded} onSubmit={submit}>
        {searchField}
        <Button
          ref={filterButton}
          icon={<FilterRegular />}
          aria-label={`${p.filterButton}, ${p.activeFilters(count)}`}
          aria-haspopup="dialog"
          aria-expanded={drawerOpen}
          onClick={() => setDrawerOpen(true)}
          data-testid="filters-button"
        >
          {p.filterButton}
          {count > 0 ? <CounterBadge count={count} size="small" aria-hidden data-testid="filters-count" /> : null}
        </Button>
      </form>
      {/* Stays mounted while closed: a modal drawer removed while open leaves the page hidden from screen readers. */}
      <OverlayDrawer
        open={drawerOpen}
        position="bottom"
        size="large"
        onOpenChange={(_e, d) => (d.open ? setDrawerOpen(true) : closeDrawer())}
        aria-labelledby="filters-title"
        data-testid="filters-drawer"
      >
        <DrawerHeader>
          <DrawerHeaderTitle
            heading={{ id: 'filters-title' }}
            action={<Button appearance="subtle" aria-label={t.close} icon={<DismissRegular />} onClick={closeDrawer} />}
          >
            {p.filtersTitle}
          </DrawerHeaderTitle>
        </DrawerHeader>
        <DrawerBody>
          <div className={s.drawerFields}>{fields}</div>
        </DrawerBody>
        <DrawerFooter>
          <Button appearance="primary" onClick={closeDrawer} data-testid="filters-done">
            {p.showIdeas(total)}
          </Button>
        </DrawerFooter>
      </OverlayDrawer>
    </>
  );
}

interface FilterSelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** The first option, meaning "no filter". */
  allLabel: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  /**
   * What the chosen value is called when it is none of the options (a link's filter whose choices
   * are still loading, or could not be loaded); the value itself unless given. The filter shows
   * what the board is filtered by, never "all" while it is not.
   */
  unknownLabel?: string;
  testId?: string;
}

/** One labelled drop-down filter whose empty value means "all". */
function FilterSelect({ label, value, onChange, allLabel, options, unknownLabel, testId }: FilterSelectProps): ReactNode {
  const s = useStyles();
  const unknown = value !== '' && !options.some((o) => o.value === value);
  return (
    <Field label={label} className={s.field}>
      <Select select={{ className: s.select }} value={value} onChange={(_e, d) => onChange(d.value)} data-testid={testId}>
        <option value="">{allLabel}</option>
        {unknown ? <option value={value}>{unknownLabel ?? value}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
