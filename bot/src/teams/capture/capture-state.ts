import { UserState, type StatePropertyAccessor, type Storage, type TurnContext } from 'botbuilder';
import type { DraftSeed, DraftSource, IdeaDraft } from '../../domain/draft';

/** A draft that became an idea; remembered so a second click on Skicka in gets the idea's number. */
export interface SubmittedDraft {
  readonly draftId: string;
  readonly sluiceId: string;
  readonly ideaId: string;
  readonly number: number;
}

/**
 * What the bot remembers about one giver's capture, in Bot Framework user state (Cosmos). It
 * is kept per user, not per conversation, because an @mention in a channel starts a draft that
 * the giver finishes in the personal chat.
 */
export interface CaptureState {
  readonly draft?: IdeaDraft;
  /** Set while the giver is asked whether to throw the draft away and start over with this. */
  readonly restart?: { readonly seed: DraftSeed; readonly source: DraftSource };
  /** The latest submitted drafts, newest first. */
  readonly submitted: readonly SubmittedDraft[];
  /** The department the giver gave for their last idea, to prefill the next one. */
  readonly lastDepartment?: string;
}

/** How many submitted drafts are remembered: enough for a double click and a stale card. */
const REMEMBERED_SUBMISSIONS = 10;

/** The state after a draft became an idea: no draft, the submission remembered, its department kept for next time. */
export function rememberSubmission(state: CaptureState, submission: SubmittedDraft, department: string): CaptureState {
  const { draft, restart, ...rest } = state;
  void draft;
  void restart;
  return {
    ...rest,
    submitted: [submission, ...state.submitted.filter((s) => s.draftId !== submission.draftId)].slice(0, REMEMBERED_SUBMISSIONS),
    lastDepartment: department,
  };
}

/** Bot state access for capture: load, read, write and save the giver's {@link CaptureState}. */
export class CaptureStateStore {
  private readonly userState: UserState;
  private readonly property: StatePropertyAccessor<CaptureState>;

  constructor(storage: Storage) {
    this.userState = new UserState(storage);
    this.property = this.userState.createProperty<CaptureState>('capture');
  }

  /** Reads the giver's state from storage (always fresh: another turn may just have changed it). */
  async load(context: TurnContext): Promise<CaptureState> {
    await this.userState.load(context, true);
    const state = await this.property.get(context);
    return { submitted: [], ...state };
  }

  async save(context: TurnContext, state: CaptureState): Promise<void> {
    await this.property.set(context, state);
    await this.userState.saveChanges(context);
  }

  /** The storage key of the giver of this turn; turns with the same key are run one at a time. */
  keyOf(context: TurnContext): string {
    return `${context.activity.channelId}/users/${context.activity.from?.id ?? ''}`;
  }
}

/**
 * Runs work one at a time per key within this process, so a double click on Skicka in (two
 * requests at once) is handled in order: the second sees what the first did. Across several
 * instances the state's eTag and the submission's idempotency key keep it to one idea.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
