import { teamsLightTheme, type Theme } from '@fluentui/react-components';
import type { ThemeName } from '../host/host';

// The light theme is in the first script; the dark and high-contrast themes are loaded when
// Teams (or `?theme=`) asks for them, before the tab is drawn in them.
const loaded = new Map<ThemeName, Theme>([['default', teamsLightTheme]]);
const LOADERS: Record<Exclude<ThemeName, 'default'>, () => Promise<Theme>> = {
  dark: () => import('./dark').then((m) => m.theme),
  contrast: () => import('./contrast').then((m) => m.theme),
};

/** The theme, if it has been loaded. */
export function loadedTheme(name: ThemeName): Theme | undefined {
  return loaded.get(name);
}

/** Loads a theme; a theme that cannot be loaded (the network went away) leaves the light one. */
export async function loadTheme(name: ThemeName): Promise<Theme> {
  const known = loaded.get(name);
  if (known || name === 'default') return known ?? teamsLightTheme;
  try {
    const theme = await LOADERS[name]();
    loaded.set(name, theme);
    return theme;
  } catch {
    return teamsLightTheme;
  }
}
