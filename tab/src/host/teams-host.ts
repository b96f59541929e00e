import { app, authentication, clipboard, pages } from '@microsoft/teams-js';
import { parseLocale, parseTheme, writeClipboard, type Host, type ThemeName } from './host';

const INIT_TIMEOUT_MS = 5000;

/** The pages a card's deep link may open (sub-page id `page:<view>`, made by the bot's `teams/deep-links.ts`). */
const DEEP_LINK_PAGES = ['privacy', 'accessibility', 'my-data'] as const;

/**
 * The host inside Teams: initialises the SDK, follows Teams' theme and locale, signs in with
 * Teams SSO (the token the server validates against Entra ID) and shares Teams deep links.
 * Returns undefined when the page turns out not to be in a Teams client.
 */
export async function teamsHost(search: URLSearchParams): Promise<Host | undefined> {
  try {
    await withTimeout(app.initialize(), INIT_TIMEOUT_MS);
  } catch {
    return undefined;
  }
  const context = await app.getContext();
  // Only matters when the manifest asks Teams to show a loading indicator; never fatal.
  await app.notifySuccess().catch(() => undefined);
  const listeners: Array<(t: ThemeName) => void> = [];
  app.registerOnThemeChangeHandler((theme) => listeners.forEach((l) => l(parseTheme(theme))));
  const subPage = context.page.subPageId ?? '';
  const deepLinkIdeaId = subPage.startsWith('idea:') ? subPage.slice('idea:'.length) : undefined;
  const deepLinkPage = DEEP_LINK_PAGES.find((p) => subPage === `page:${p}`);
  const deepLinkChallengeId = subPage.startsWith('challenge:') ? subPage.slice('challenge:'.length) : undefined;
  // A channel (team) tab knows its channel and its own entity id; the personal tab has no channel.
  const channelId = context.channel?.id;
  const entityId = context.page.id;
  const appId = context.app.appId?.toString();
  const channelTab = channelId && entityId ? { channelId, entityId, ...(appId ? { appId } : {}) } : undefined;
  return {
    kind: 'teams',
    // A ?theme= override keeps working in Teams, for checks of the high-contrast theme.
    theme: parseTheme(search.get('theme') ?? context.app.theme),
    locale: parseLocale(context.app.locale),
    ...(deepLinkIdeaId ? { deepLinkIdeaId } : {}),
    ...(deepLinkPage ? { deepLinkPage } : {}),
    ...(deepLinkChallengeId ? { deepLinkChallengeId } : {}),
    ...(channelTab ? { channelTab } : {}),
    // Teams caches and renews the SSO token itself; asking again is how a refused one is replaced.
    getToken: () => authentication.getAuthToken(),
    onThemeChange: (l) => listeners.push(l),
    async shareIdea(idea, url) {
      if (pages.isSupported()) {
        pages.shareDeepLink({ subPageId: `idea:${idea.id}`, subPageLabel: idea.title, subPageWebUrl: url });
        return 'shared';
      }
      return (await writeClipboard(url)) ? 'copied' : 'failed';
    },
    canShareLink: pages.isSupported(),
    async copyLink(url) {
      // Teams' own clipboard where the client offers it (its frame may not let the page write), else the page's.
      if (clipboard.isSupported()) {
        try {
          await clipboard.write(new Blob([url], { type: 'text/plain' }));
          return true;
        } catch {
          // Refused by the client: the page's own clipboard may still work.
        }
      }
      return writeClipboard(url);
    },
    configureTab(settings) {
      pages.config.registerOnSaveHandler((saveEvent) => {
        pages.config.setConfig(settings).then(
          () => saveEvent.notifySuccess(),
          (err: unknown) => saveEvent.notifyFailure(err instanceof Error ? err.message : String(err)),
        );
      });
      pages.config.setValidityState(true);
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Timed out')), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
