import { parseHash } from './routing';

// The chunks of the first screen. main.tsx asks for them as the page starts, so they arrive while
// the host is found and the first data fetched; the views that draw them use the same loaders.
export const loadSignedIn = () => import('./app');
export const loadBoard = () => import('./views/board');
export const loadMine = () => import('./views/mine');

/** Starts loading what the address opens on, before anything is drawn. */
export function preloadFirstView(hash: string): void {
  const { view } = parseHash(hash);
  if (view === 'config') return;
  void loadSignedIn();
  if (view === 'board') void loadBoard();
  else if (view === 'mine') void loadMine();
}
