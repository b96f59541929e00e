/**
 * The idea this browser tab handed in last, so the idea panel that opens on it can say thank you
 * with its number (the panel loads the idea itself; this only says that it is new).
 */
let last: { id: string; number: number } | undefined;

export function rememberSubmitted(idea: { id: string; number: number }): void {
  last = { id: idea.id, number: idea.number };
}

/** The number of the idea if it is the one just handed in here. */
export function justSubmitted(id: string): number | undefined {
  return last?.id === id ? last.number : undefined;
}

/** A fresh key for one opening of the form: letters and digits, in the server's id format. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `tab-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
