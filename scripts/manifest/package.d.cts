/** Types for package.cjs (the Teams app packager), used by the tests and editors. */

export interface BuildOptions {
  /** Repository root; env/ and manifest/ are looked up under it unless given below. */
  readonly rootDir: string;
  /** Environment name: reads env/.env.<envName> and writes idesluss-<envName>.zip. */
  readonly envName: string;
  /** Overrides values from the env file; defaults to process.env. */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  readonly envDir?: string;
  readonly manifestDir?: string;
  /** Where the zip goes; defaults to manifest/build. */
  readonly outDir?: string;
}

export interface BuildResult {
  /** Absolute path of the written zip. */
  readonly zipPath: string;
  /** The filled, validated manifest as written into the zip. */
  readonly manifest: Record<string, unknown>;
  /** Names of the files in the zip, manifest.json first. */
  readonly entries: readonly string[];
  /** Env files that were read. */
  readonly envFiles: readonly string[];
}

/** Raised when packaging is refused; every problem names the file and the exact field. */
export declare class PackagingError extends Error {
  constructor(envName: string, problems: string[]);
  readonly problems: string[];
}

export interface EnvLookup {
  lookup(name: string): { value: string; source: string } | undefined;
  readonly files: readonly string[];
  readonly missingFile: string | undefined;
}

/** Fills, validates and zips the Teams app package. Rejects with {@link PackagingError}. */
export declare function buildPackage(options: BuildOptions): Promise<BuildResult>;

/** Replaces `${{VAR}}` placeholders in every string of a JSON value. */
export declare function fillPlaceholders(
  template: unknown,
  lookup: EnvLookup['lookup'],
  fileLabel: string,
  hint: string,
): { value: unknown; problems: string[]; origins: Map<string, string[]> };

/** Reads env/.env.<envName> and env/.env.<envName>.user; the process environment wins. */
export declare function loadEnvironment(options: {
  envName: string;
  envDir: string;
  processEnv?: Readonly<Record<string, string | undefined>>;
}): EnvLookup;

/** Parses dotenv text into key/value pairs. */
export declare function parseEnvFile(text: string): Record<string, string>;

/** Formats a field path as `bots[0].commandLists[1].commands[0].title`. */
export declare function formatPath(segments: ReadonlyArray<string | number>): string;
