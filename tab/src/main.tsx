import { createRoot } from 'react-dom/client';
import { App } from './app';
import { detectHost } from './host/host';
import './global.css';

/** Starts the tab: finds out where it runs (Teams or a plain browser), then draws it. */
async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  const host = await detectHost(new URLSearchParams(window.location.search));
  document.documentElement.lang = host.locale;
  root.render(<App host={host} />);
}

void start();
