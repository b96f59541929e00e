import { Link, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { TabConfig } from '../../../bot/src/api/contracts';
import type { SimilarIdeaItem } from '../../../bot/src/api/similar-contracts';
import type { ApiClient } from '../api/client';
import { useUi } from '../context';
import { formatHash, parseHash } from '../routing';
import { useLoad } from '../use-load';

const useStyles = makeStyles({
  heading: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase400, lineHeight: tokens.lineHeightBase400 },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  meta: { color: tokens.colorNeutralForeground2 },
  text: { margin: 0 },
});

/**
 * The tab address for a suggestion: another idea of the sluice opens in the panel (keeping the view
 * and its filters); a linked sluice's idea is read under "Från länkade idéslussar", found by its title.
 */
export function similarHref(item: Pick<SimilarIdeaItem, 'id' | 'title' | 'linkedSluice'>): string {
  if (item.linkedSluice) return formatHash('linked', new URLSearchParams({ sluice: item.linkedSluice.id, q: item.title }));
  return hrefFor(item.id);
}

/** The tab address that opens another idea in the panel, keeping the view and its filters. */
function hrefFor(id: string): string {
  const here = parseHash(window.location.hash);
  const params = new URLSearchParams(here.params);
  params.set('idea', id);
  params.delete('do');
  return formatHash(here.view, params);
}

/** "Liknande idéer" in the idea panel: ideas of the sluice like this one, with what they share. */
export function SimilarIdeas({ api, config, ideaId }: { api: ApiClient; config: TabConfig; ideaId: string }): ReactNode {
  const { t, locale } = useUi();
  const s = useStyles();
  const [load] = useLoad(`similar:${ideaId}`, () => api.similar(ideaId).then((r) => r.items));
  if (load.kind !== 'ready') return null;
  const items: readonly SimilarIdeaItem[] = load.value;
  const labels = config.stageLabels[locale];
  return (
    <section aria-labelledby="idea-similar" data-testid="similar-ideas">
      <h3 id="idea-similar" className={s.heading}>
        {t.similarIdeas}
      </h3>
      {items.length === 0 ? (
        <p className={s.text}>{t.noSimilarIdeas}</p>
      ) : (
        <ul className={s.list}>
          {items.map((i) => (
            <li key={i.id}>
              <Link href={similarHref(i)}>{`#${i.number} ${i.title}`}</Link>{' '}
              <span className={s.meta}>
                (
                {[labels[i.stage], i.department, i.municipality, i.linkedSluice ? t.fromLinkedSluice(i.linkedSluice.name) : '']
                  .filter(Boolean)
                  .join(', ')}
                ){i.closedReason ? ` – ${t.closedBecause(i.closedReason)}` : ''}
                {i.shared.length > 0 ? ` · ${t.sharedWords(i.shared.join(', '))}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
