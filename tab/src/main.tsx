import { createRoot } from 'react-dom/client';
import { App } from './shell';
import { preloadFirstView } from './first-view';
import { detectHost } from './host/host';
import { loadTheme } from './themes/themes';
import './global.css';

/** Starts the tab: finds out where it runs (Teams or a plain browser), then draws it. */
async function start(): Promise<void> {
  preloadFirstView(window.location.hash);
  const root = createRoot(document.getElementById('root') as HTMLElement);
  const host = await detectHost(new URLSearchParams(window.location.search));
  document.documentElement.lang = host.locale;
  await loadTheme(host.theme);
  root.render(<App host={host} />);
}

void start();
