import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { Locale } from '../../bot/src/api/contracts';
import { STRINGS, type Strings } from './i18n';

interface Ui {
  readonly t: Strings;
  readonly locale: Locale;
  /** Says something to screen readers through the polite live region. */
  announce(message: string): void;
}

const UiContext = createContext<Ui | undefined>(undefined);

/** Language and the live region, for every view. */
export function UiProvider({ locale, children }: { locale: Locale; children: ReactNode }): ReactNode {
  const [message, setMessage] = useState('');
  const toggle = useRef(false);
  const announce = useCallback((text: string) => {
    // The same text twice in a row must still be read, so alternate an invisible suffix.
    toggle.current = !toggle.current;
    setMessage(text + (toggle.current ? '' : '\u00a0'));
  }, []);
  const value = useMemo(() => ({ t: STRINGS[locale], locale, announce }), [locale, announce]);
  return (
    <UiContext.Provider value={value}>
      {children}
      <div role="status" aria-live="polite" aria-atomic="true" className="visually-hidden" data-testid="live-region">
        {message}
      </div>
    </UiContext.Provider>
  );
}

export function useUi(): Ui {
  const ui = useContext(UiContext);
  if (!ui) throw new Error('useUi outside UiProvider');
  return ui;
}
