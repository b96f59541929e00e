import { useCallback, useEffect, useRef, useState } from 'react';

/** The state of something being fetched. */
export type Load<T> = { kind: 'loading' } | { kind: 'error'; error: unknown } | { kind: 'ready'; value: T };

/**
 * Runs `load` whenever `key` changes (and on `reload()`), ignoring answers that arrive after a
 * newer request was made, so quick filter changes never show an older result.
 */
export function useLoad<T>(key: string, load: () => Promise<T>): [Load<T>, () => void, (value: T) => void] {
  const [state, setState] = useState<Load<T>>({ kind: 'loading' });
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  const loader = useRef(load);
  loader.current = load;
  const lastKey = useRef<string | undefined>(undefined);
  useEffect(() => {
    const mine = ++latest.current;
    // A reload of the same thing keeps showing what is there; something new shows "loading".
    const sameKey = lastKey.current === key;
    lastKey.current = key;
    setState((s) => (s.kind === 'ready' && sameKey ? s : { kind: 'loading' }));
    loader.current().then(
      (value) => mine === latest.current && setState({ kind: 'ready', value }),
      (error: unknown) => mine === latest.current && setState({ kind: 'error', error }),
    );
  }, [key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  const set = useCallback((value: T) => setState({ kind: 'ready', value }), []);
  return [state, reload, set];
}
