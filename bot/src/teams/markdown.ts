/**
 * Escapes user-written text for Teams markdown in Adaptive Card TextBlocks, so that text such
 * as `[Godkänn](https://evil.example)`, `**`, `<at>` or `_` is shown literally and nothing the
 * user typed becomes a link, a mention or formatting.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/([*_~`[\]()#<>|!{}+-])/g, '\\$1')
    .replace(/^(\s*)(\d+)\./gm, '$1$2\\.');
}

/** Shortens text for a card preview without cutting a surrogate pair in half. */
export function preview(text: string, max = 280): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
