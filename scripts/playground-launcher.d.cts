/** Types for playground-launcher.cjs (kept beside it so TypeScript callers stay strict). */

/** Options for {@link startPlayground}. */
export interface StartPlaygroundOptions {
  /** The bot's messaging endpoint; must be plain http on loopback, e.g. `http://127.0.0.1:3978/api/messages`. */
  botEndpoint: string;
  /** Port on 127.0.0.1; `0` or omitted picks a free one. A busy explicit port is an error. */
  port?: number;
  /** Folder holding `.m365agentsplayground.yml`; Playground also runs there. Defaults to the repository root. */
  cwd?: string;
  /** Config file, relative to `cwd`; defaults to `.m365agentsplayground.yml`. */
  configPath?: string;
  /** Where Playground writes its log; defaults to a temporary folder removed by `stop()`. */
  logFile?: string;
  /** How long to wait for Playground to answer; default 30 s. */
  startTimeoutMs?: number;
  /** Receives Playground's stdout/stderr as it arrives (its detailed log goes to `logFile`). */
  onOutput?: (text: string) => void;
}

/** A running Playground. */
export interface RunningPlayground {
  /** Base URL of the Playground page and API, e.g. `http://127.0.0.1:56150`. */
  url: string;
  port: number;
  /** The connector URL the bot replies to (`<url>/_connector`), as put in every activity's `serviceUrl`. */
  serviceUrl: string;
  logFile: string;
  pid: number | undefined;
  /** Everything Playground printed so far; loopback-guard reports start with `[loopback-guard] blocked`. */
  output(): string;
  /** Settles when the process ends, for whatever reason. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /**
   * Ends Playground (SIGTERM, SIGKILL after 5 s) and removes its temporary log folder, unless Playground
   * had already died on its own (then the log is kept). Safe to call twice.
   */
  stop(): Promise<void>;
}

/** Starts Playground bound to 127.0.0.1 with telemetry off and resolves once it answers `/_debug/ping`. */
export function startPlayground(options: StartPlaygroundOptions): Promise<RunningPlayground>;

/** The command, arguments and environment {@link startPlayground} uses; for tests of the safety flags. */
export function playgroundCommand(options: {
  botEndpoint: string;
  port: number;
  configPath: string;
  logFile: string;
  recordingFile: string;
}): { command: string; args: string[]; env: NodeJS.ProcessEnv };

/** Playground's customary port, used by `npm run playground` and `npm start`. */
export const DEFAULT_PLAYGROUND_PORT: number;
export const CONFIG_FILE_NAME: string;
export const REPO_ROOT: string;
