import { useCallback, useEffect, useState } from 'react';
import type { IdeaFilterQuery, SortOrder, Stage } from '../../bot/src/api/contracts';

/**
 * The tab's views: the board, "Mina idéer", "Från länkade idéslussar", Utmaningar, Statistik, Administration,
 * Arkiv (the registrator's way in: gallring records, the chain check, the audit log, a record by reference),
 * one idea as a public record (`#/record?id=<idea>`), the published statements (the accessibility
 * statement and how personal data is processed), "Mina uppgifter" (a person's own data) and the channel tab's configuration page.
 */
export type View =
  | 'board'
  | 'mine'
  | 'linked'
  | 'challenges'
  | 'stats'
  | 'admin'
  | 'archive'
  | 'record'
  | 'accessibility'
  | 'privacy'
  | 'my-data'
  | 'config';

/** Where the tab is: `#/<view>?<params>`. Filters, search and the open idea live in the params. */
export interface Route {
  readonly view: View;
  readonly params: URLSearchParams;
}

const VIEWS: readonly View[] = [
  'board',
  'mine',
  'linked',
  'challenges',
  'stats',
  'admin',
  'archive',
  'record',
  'accessibility',
  'privacy',
  'my-data',
  'config',
];

export function parseHash(hash: string): Route {
  const body = hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = body.split('?', 2);
  const view = (VIEWS as readonly string[]).includes(path) ? (path as View) : 'board';
  return { view, params: new URLSearchParams(query) };
}

export function formatHash(view: View, params: URLSearchParams): string {
  const query = params.toString();
  return `#/${view}${query ? `?${query}` : ''}`;
}

/** The current route, and a way to go elsewhere (replacing the history entry for filter edits). */
export function useRoute(): [Route, (view: View, params: URLSearchParams, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = (): void => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  const navigate = useCallback((view: View, params: URLSearchParams, options: { replace?: boolean } = {}) => {
    const hash = formatHash(view, params);
    if (hash === window.location.hash) return;
    if (options.replace) window.history.replaceState(null, '', hash);
    else window.history.pushState(null, '', hash);
    setRoute(parseHash(hash));
  }, []);
  return [route, navigate];
}

/**
 * Every stage key, for reading the address before the sluice's configuration has arrived. A record
 * over the Stage type, so a stage added on the server fails the tab's type check until listed here.
 */
const STAGE_SET: Record<Stage, true> = { submitted: true, screening: true, testing: true, implementing: true, done: true, closed: true };
export const ALL_STAGES = Object.keys(STAGE_SET) as Stage[];

/** The filter parameters the board keeps in the address. */
export const FILTER_KEYS = ['stage', 'department', 'coach', 'municipality', 'challenge', 'needsInfo', 'from', 'to', 'q'] as const;

/** The API filter the address describes; unknown or empty values are left out. */
export function filterFromParams(params: URLSearchParams, stages: readonly Stage[]): IdeaFilterQuery {
  const filter: Record<string, string | string[]> = {};
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (!value) continue;
    if (key === 'stage') {
      const list = value.split(',').filter((s): s is Stage => (stages as readonly string[]).includes(s));
      if (list.length > 0) filter[key] = list;
    } else if (key === 'needsInfo') {
      if (value === 'true') filter[key] = 'true';
    } else filter[key] = value;
  }
  return filter as IdeaFilterQuery;
}

/**
 * The board's order from the address (`sort=score`): by score only for those who see scores
 * (the server refuses it to anyone else); newest first otherwise.
 */
export function sortFromParams(params: URLSearchParams, seesScores: boolean): SortOrder {
  return seesScores && params.get('sort') === 'score' ? 'score' : 'newest';
}

export function hasFilters(params: URLSearchParams): boolean {
  return FILTER_KEYS.some((k) => (params.get(k) ?? '') !== '');
}

/** The address of one idea on the board, keeping the current filters. */
export function ideaHref(view: View, params: URLSearchParams, ideaId: string): string {
  const next = new URLSearchParams(params);
  next.set('idea', ideaId);
  next.delete('do');
  return formatHash(view, next);
}

/** The address of one idea's record view (allmän handling). */
export function recordHref(ideaId: string): string {
  return formatHash('record', new URLSearchParams({ id: ideaId }));
}
