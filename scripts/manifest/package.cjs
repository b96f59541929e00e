// @ts-check
'use strict';
/**
 * Builds the Teams app package: fills the `${{VAR}}` placeholders of manifest/manifest.json and its
 * localization files from env/.env.<environment> (Microsoft 365 Agents Toolkit style; the process
 * environment overrides the file), validates the result, and writes manifest/build/idesluss-<env>.zip.
 *
 * Validation is offline: the JSON schemas are the copies shipped inside @microsoft/app-manifest,
 * passed to its own validator, so nothing is fetched. Every problem names the file and the exact field.
 *
 * Plain CommonJS so that both the CLI (scripts/package-manifest.mjs) and the Jest tests can use it
 * without a build step; the types are in package.d.cts.
 */
const fs = require('node:fs');
const path = require('node:path');
const JSZip = require('jszip');
const { AppManifestUtils, TeamsManifestConverter } = require('@microsoft/app-manifest');
const { checkIcon } = require('./icons.cjs');

/** `${{NAME}}`, as Agents Toolkit writes placeholders. */
const PLACEHOLDER = /\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;
/** Variables whose value may be an empty string (the production app has no name suffix). */
const MAY_BE_EMPTY = new Set(['APP_NAME_SUFFIX']);
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;
const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
/** Fixed timestamp for zip entries, so the same input always gives the same package bytes. */
const ZIP_DATE = new Date('2026-01-01T00:00:00Z');

/**
 * A file name for messages: relative to the working directory when inside it, absolute otherwise.
 * @param {string} file
 */
function display(file) {
  const relative = path.relative(process.cwd(), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** Raised when packaging is refused; `problems` lists every reason, one per line. */
class PackagingError extends Error {
  /** @param {string} envName @param {string[]} problems */
  constructor(envName, problems) {
    super(`Packaging the Teams app for environment "${envName}" failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PackagingError';
    /** @type {string[]} */
    this.problems = problems;
  }
}

/**
 * Parses a dotenv file: KEY=VALUE per line, `#` comments, optional `export `, optional quotes.
 * @param {string} text
 * @returns {Record<string, string>}
 */
function parseEnvFile(text) {
  /** @type {Record<string, string>} */
  const values = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    const key = /** @type {string} */ (match[1]);
    let value = /** @type {string} */ (match[2]);
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = /** @type {string} */ (quoted[2]);
    else value = value.replace(/\s+#.*$/, '').trim();
    values[key] = value;
  }
  return values;
}

/**
 * Reads env/.env.<envName> (and .env.<envName>.user, where Agents Toolkit keeps secrets).
 * @param {{ envName: string, envDir: string, processEnv?: Record<string, string | undefined> }} options
 * @returns {{ lookup: (name: string) => { value: string, source: string } | undefined, files: string[], missingFile: string | undefined }}
 */
function loadEnvironment({ envName, envDir, processEnv = process.env }) {
  if (!ENV_NAME.test(envName)) {
    throw new PackagingError(envName, [`"${envName}" is not a valid environment name (letters, digits, - and _)`]);
  }
  const main = path.join(envDir, `.env.${envName}`);
  /** @type {string[]} */
  const files = [];
  /** @type {Record<string, { value: string, source: string }>} */
  const fromFiles = {};
  for (const file of [main, `${main}.user`]) {
    if (!fs.existsSync(file)) continue;
    files.push(file);
    for (const [key, value] of Object.entries(parseEnvFile(fs.readFileSync(file, 'utf8')))) {
      fromFiles[key] = { value, source: display(file) };
    }
  }
  if (!fromFiles.TEAMSFX_ENV) fromFiles.TEAMSFX_ENV = { value: envName, source: 'the environment name' };
  return {
    lookup(name) {
      const fromProcess = processEnv[name];
      if (fromProcess !== undefined) return { value: fromProcess, source: 'the process environment' };
      return fromFiles[name];
    },
    files,
    missingFile: fs.existsSync(main) ? undefined : display(main),
  };
}

/** @typedef {ReadonlyArray<string | number>} FieldPath */

/**
 * Formats a path the way people write manifest fields: `bots[0].commandLists[1].commands[0].title`.
 * @param {FieldPath} segments
 */
function formatPath(segments) {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Turns a JSON pointer from the validator (`/bots/0/botId`) into a field path.
 * @param {string} pointer
 * @returns {Array<string | number>}
 */
function pointerToPath(pointer) {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/**
 * Replaces every placeholder in every string of a JSON value.
 * @param {unknown} template
 * @param {(name: string) => { value: string, source: string } | undefined} lookup
 * @param {string} fileLabel
 * @param {string} hint appended to "not set" messages (where the value was looked for)
 * @returns {{ value: unknown, problems: string[], origins: Map<string, string[]> }}
 */
function fillPlaceholders(template, lookup, fileLabel, hint) {
  /** @type {string[]} */
  const problems = [];
  /** @type {Map<string, string[]>} */
  const origins = new Map();
  /** @param {unknown} node @param {Array<string | number>} at @returns {unknown} */
  const walk = (node, at) => {
    if (typeof node === 'string') {
      if (!node.includes('${{')) return node;
      const field = formatPath(at);
      /** @type {string[]} */
      const used = [];
      const filled = node.replace(PLACEHOLDER, (whole, /** @type {string} */ name) => {
        const found = lookup(name);
        if (found === undefined) {
          problems.push(`${fileLabel}: ${field}: placeholder ${whole} is not filled – ${name} is not set in ${hint}`);
          return whole;
        }
        if (found.value === '' && !MAY_BE_EMPTY.has(name)) {
          problems.push(`${fileLabel}: ${field}: placeholder ${whole} is not filled – ${name} is empty in ${found.source}`);
          return whole;
        }
        used.push(`${name} in ${found.source}`);
        return found.value;
      });
      const leftover = filled.replace(PLACEHOLDER, '');
      if (leftover.includes('${{') || leftover.includes('}}')) {
        problems.push(`${fileLabel}: ${field}: contains a malformed placeholder: ${JSON.stringify(node)}`);
      }
      if (used.length > 0) origins.set(field, used);
      return filled;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...at, i]));
    if (node !== null && typeof node === 'object') {
      /** @type {Record<string, unknown>} */
      const out = {};
      for (const [key, value] of Object.entries(node)) out[key] = walk(value, [...at, key]);
      return out;
    }
    return node;
  };
  return { value: walk(template, []), problems, origins };
}

/**
 * Reads the value at a field path, or undefined.
 * @param {unknown} root @param {FieldPath} segments
 * @returns {unknown}
 */
function valueAt(root, segments) {
  /** @type {unknown} */
  let node = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    node = /** @type {Record<string | number, unknown>} */ (node)[segment];
  }
  return node;
}

/**
 * Parses a localization key such as `bots[0].commandLists[1].commands[0].title` into a path.
 * @param {string} key
 * @returns {Array<string | number>}
 */
function parseLocalizationKey(key) {
  /** @type {Array<string | number>} */
  const segments = [];
  for (const part of key.split('.')) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) return [key];
    segments.push(/** @type {string} */ (match[1]));
    for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) segments.push(Number(index[1]));
  }
  return segments;
}

/** @returns {string} the folder holding @microsoft/app-manifest's copies of the Teams JSON schemas */
function schemaRoot() {
  return path.join(path.dirname(require.resolve('@microsoft/app-manifest/package.json')), 'build', 'json-schemas', 'teams');
}

/**
 * Loads the local copy of the schema a `$schema` URL names.
 * @param {unknown} schemaUrl @param {string} fileLabel
 * @returns {{ schema?: object, problem?: string }}
 */
function loadLocalSchema(schemaUrl, fileLabel) {
  const match =
    typeof schemaUrl === 'string'
      ? /^https:\/\/developer\.microsoft\.com\/(?:[a-z]{2}-[a-z]{2}\/)?json-schemas\/teams\/(v[\w.]+)\/(MicrosoftTeams(?:\.Localization)?\.schema\.json)$/.exec(
          schemaUrl,
        )
      : null;
  if (!match) return { problem: `${fileLabel}: $schema: ${JSON.stringify(schemaUrl)} is not a Teams manifest schema URL` };
  const file = path.join(schemaRoot(), /** @type {string} */ (match[1]), /** @type {string} */ (match[2]));
  if (!fs.existsSync(file)) {
    return {
      problem: `${fileLabel}: $schema: no local copy of ${match[1]}/${match[2]} in @microsoft/app-manifest (validation is offline only)`,
    };
  }
  const text = fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  return { schema: /** @type {object} */ (repairPatterns(JSON.parse(text))) };
}

/**
 * The v1.30 localization schema has two patternProperties keys with an unescaped `]`
 * (`activities.activityTypes[\b(...)\b]`), which are invalid as Unicode regular expressions, so the
 * validator cannot compile the schema at all. Escape that bracket; every other key is left as shipped.
 * @param {unknown} node
 * @returns {unknown}
 */
function repairPatterns(node) {
  if (Array.isArray(node)) return node.map(repairPatterns);
  if (!isObject(node)) return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'patternProperties' && isObject(value)) {
      /** @type {Record<string, unknown>} */
      const patterns = {};
      for (const [pattern, sub] of Object.entries(value)) {
        let fixed = pattern;
        try {
          new RegExp(pattern, 'u');
        } catch {
          fixed = pattern.replace(/\\b\]/g, '\\b\\]');
        }
        patterns[fixed] = repairPatterns(sub);
      }
      out[key] = patterns;
    } else out[key] = repairPatterns(value);
  }
  return out;
}

/**
 * Validates a JSON document against a schema with @microsoft/app-manifest's validator and turns
 * its messages into "file: field: problem" lines.
 * @param {unknown} document @param {object} schema @param {string} fileLabel
 * @param {Map<string, string[]>} origins @param {Set<string>} alreadyReported fields with a clearer message already
 * @returns {Promise<string[]>}
 */
async function schemaProblems(document, schema, fileLabel, origins, alreadyReported) {
  const raw = await AppManifestUtils.validateAgainstSchema(/** @type {never} */ (document), /** @type {never} */ (schema));
  /** @type {string[]} */
  const out = [];
  for (const line of raw) {
    const space = line.indexOf(' ');
    const pointer = space < 0 ? line : line.slice(0, space);
    const rest = space < 0 ? '' : line.slice(space + 1);
    const detailsAt = rest.indexOf('. Details: ');
    const message = detailsAt < 0 ? rest : rest.slice(0, detailsAt);
    /** @type {Record<string, unknown>} */
    let details = {};
    if (detailsAt >= 0) {
      try {
        details = JSON.parse(rest.slice(detailsAt + '. Details: '.length));
      } catch {
        details = {};
      }
    }
    const segments = pointerToPath(pointer);
    if (typeof details.additionalProperty === 'string') segments.push(details.additionalProperty);
    const field = formatPath(segments);
    if (alreadyReported.has(field)) continue;
    const value = valueAt(document, segments);
    let text = message;
    if (typeof details.pattern === 'string' && details.pattern === GUID.source) {
      text = `${JSON.stringify(value)} is not a valid GUID`;
    } else if (typeof details.limit === 'number' && typeof value === 'string' && /more than/.test(message)) {
      text = `is ${value.length} characters long; the maximum is ${details.limit}`;
    } else if (typeof details.additionalProperty === 'string') {
      text = 'is not a property the schema allows here';
    }
    const from = origins.get(field);
    out.push(`${fileLabel}: ${field}: ${text}${from ? ` (filled from ${from.join(', ')})` : ''}`);
  }
  return [...new Set(out)];
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** @param {unknown} value @returns {unknown[]} */
function asArray(value) {
  return Array.isArray(value) ? value : [];
}

/**
 * Rules the schema cannot express but Teams and its store enforce, plus consistency between
 * the manifest and its localization files.
 * @param {Record<string, unknown>} manifest
 * @param {Map<string, Record<string, unknown>>} localizations file name → filled localization JSON
 * @param {Map<string, string[]>} origins
 * @returns {{ problems: string[], reported: Set<string> }}
 */
function ruleProblems(manifest, localizations, origins) {
  /** @type {string[]} */
  const problems = [];
  /** @type {Set<string>} */
  const reported = new Set();
  /** @param {Array<string | number>} at @param {string} text */
  const report = (at, text) => {
    const field = formatPath(at);
    const from = origins.get(field);
    reported.add(field);
    problems.push(`manifest.json: ${field}: ${text}${from ? ` (filled from ${from.join(', ')})` : ''}`);
  };

  // GUID fields, checked here so the message is plain rather than a regular expression.
  /** @type {Array<Array<string | number>>} */
  const guidFields = [['id'], ['webApplicationInfo', 'id']];
  asArray(manifest.bots).forEach((_, i) => guidFields.push(['bots', i, 'botId']));
  asArray(manifest.composeExtensions).forEach((_, i) => guidFields.push(['composeExtensions', i, 'botId']));
  asArray(manifest.staticTabs).forEach((_, i) => guidFields.push(['staticTabs', i, 'contentBotId']));
  for (const at of guidFields) {
    const value = valueAt(manifest, at);
    if (value !== undefined && (typeof value !== 'string' || !GUID.test(value))) report(at, `${JSON.stringify(value)} is not a valid GUID`);
  }

  const version = manifest.version;
  if (typeof version === 'string' && !/^\d+\.\d+\.\d+$/.test(version)) {
    report(['version'], `${JSON.stringify(version)} must be MAJOR.MINOR.PATCH (for example 1.0.0); raise it for every update`);
  }
  const schemaUrl = manifest.$schema;
  if (typeof schemaUrl === 'string' && !schemaUrl.includes(`/v${String(manifest.manifestVersion)}/`)) {
    report(['$schema'], `points to another version than manifestVersion ${String(manifest.manifestVersion)}`);
  }

  const domains = asArray(manifest.validDomains)
    .filter((d) => typeof d === 'string')
    .map((d) => d.toLowerCase());
  asArray(manifest.validDomains).forEach((domain, i) => {
    if (typeof domain !== 'string' || !/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?$/.test(domain)) {
      report(['validDomains', i], `${JSON.stringify(domain)} must be a lower-case host name without scheme or path`);
    }
  });
  /** @param {string} host */
  const hostAllowed = (host) =>
    domains.some((d) => d === host || (d.startsWith('*.') && host.endsWith(d.slice(1)) && host.length > d.length - 1));

  /** @param {Array<string | number>} at @param {boolean} mustBeValidDomain */
  const checkUrl = (at, mustBeValidDomain) => {
    const value = valueAt(manifest, at);
    if (value === undefined) return;
    let url;
    try {
      url = new URL(String(value));
    } catch {
      report(at, `${JSON.stringify(value)} is not a URL`);
      return;
    }
    if (url.protocol !== 'https:') report(at, `${JSON.stringify(value)} must use https`);
    else if (mustBeValidDomain && !hostAllowed(url.host.toLowerCase())) {
      report(at, `host ${url.host} is not listed in validDomains`);
    }
  };
  for (const key of ['websiteUrl', 'privacyUrl', 'termsOfUseUrl']) checkUrl(['developer', key], false);
  asArray(manifest.staticTabs).forEach((_, i) => {
    checkUrl(['staticTabs', i, 'contentUrl'], true);
    checkUrl(['staticTabs', i, 'websiteUrl'], false);
  });
  asArray(manifest.configurableTabs).forEach((_, i) => checkUrl(['configurableTabs', i, 'configurationUrl'], true));

  const webApp = manifest.webApplicationInfo;
  if (isObject(webApp) && typeof webApp.resource === 'string') {
    const match = /^api:\/\/([^/]+)\/(.+)$/.exec(webApp.resource);
    if (!match) {
      report(['webApplicationInfo', 'resource'], `${JSON.stringify(webApp.resource)} must have the form api://<app host>/<client id>`);
    } else {
      if (!hostAllowed(String(match[1]).toLowerCase()))
        report(['webApplicationInfo', 'resource'], `host ${match[1]} is not listed in validDomains`);
      if (match[2] !== webApp.id)
        report(['webApplicationInfo', 'resource'], "must end with webApplicationInfo.id (the SSO app registration's client id)");
    }
  }

  asArray(manifest.bots).forEach((bot, b) => {
    if (!isObject(bot)) return;
    asArray(bot.commandLists).forEach((list, l) => {
      if (!isObject(list)) return;
      /** @type {Set<string>} */
      const seen = new Set();
      asArray(list.commands).forEach((command, c) => {
        const title = isObject(command) ? command.title : undefined;
        if (typeof title !== 'string') return;
        if (seen.has(title.toLowerCase()))
          report(['bots', b, 'commandLists', l, 'commands', c, 'title'], `"${title}" appears twice in this command list`);
        seen.add(title.toLowerCase());
      });
    });
  });

  // Localization: every declared file exists and every key points at something in the manifest.
  const info = manifest.localizationInfo;
  /** @type {Set<string>} */
  const tags = new Set();
  if (isObject(info)) {
    if (typeof info.defaultLanguageTag === 'string') tags.add(info.defaultLanguageTag.toLowerCase());
    asArray(info.additionalLanguages).forEach((language, i) => {
      if (!isObject(language)) return;
      const tag = String(language.languageTag).toLowerCase();
      if (tags.has(tag)) report(['localizationInfo', 'additionalLanguages', i, 'languageTag'], `language ${tag} is declared twice`);
      tags.add(tag);
      const file = String(language.file);
      const localization = localizations.get(file);
      if (!localization) {
        report(['localizationInfo', 'additionalLanguages', i, 'file'], `${file} was not found in manifest/localization/`);
        return;
      }
      for (const key of Object.keys(localization)) {
        if (key === '$schema' || key === 'localizationKeys' || /^(name|description)\.(short|full)$/.test(key)) continue;
        if (valueAt(manifest, parseLocalizationKey(key)) === undefined) {
          problems.push(`${file}: ${key}: refers to nothing in manifest.json`);
        }
      }
    });
  }
  return { problems, reported };
}

/**
 * Fills, validates and zips the app package.
 * @param {import('./package.d.cts').BuildOptions} options
 * @returns {Promise<import('./package.d.cts').BuildResult>}
 */
async function buildPackage(options) {
  const rootDir = options.rootDir;
  const envName = options.envName;
  const envDir = options.envDir ?? path.join(rootDir, 'env');
  const manifestDir = options.manifestDir ?? path.join(rootDir, 'manifest');
  const outDir = options.outDir ?? path.join(manifestDir, 'build');
  const env = loadEnvironment({ envName, envDir, processEnv: options.processEnv ?? process.env });
  const hint = env.missingFile
    ? `the process environment (${env.missingFile} does not exist)`
    : `${env.files.map(display).join(' / ')} or the process environment`;

  /** @type {string[]} */
  const problems = [];
  /** @param {string} file @returns {unknown} */
  const readJson = (file) => {
    const label = path.relative(manifestDir, file) || path.basename(file);
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new PackagingError(envName, [`${label}: cannot be read as JSON (${error instanceof Error ? error.message : String(error)})`]);
    }
  };

  const template = readJson(path.join(manifestDir, 'manifest.json'));
  const filledManifest = fillPlaceholders(template, env.lookup, 'manifest.json', hint);
  problems.push(...filledManifest.problems);
  if (!isObject(filledManifest.value)) throw new PackagingError(envName, ['manifest.json: must be a JSON object']);
  const manifest = filledManifest.value;

  /** @type {Map<string, Record<string, unknown>>} */
  const localizations = new Map();
  /** @type {Map<string, Map<string, string[]>>} */
  const localizationOrigins = new Map();
  const info = manifest.localizationInfo;
  for (const language of isObject(info) ? asArray(info.additionalLanguages) : []) {
    if (!isObject(language) || typeof language.file !== 'string') continue;
    const file = language.file;
    const candidates = [path.join(manifestDir, 'localization', file), path.join(manifestDir, file)];
    const found = candidates.find((candidate) => fs.existsSync(candidate));
    if (!found) continue; // reported by the rules below
    const filled = fillPlaceholders(readJson(found), env.lookup, file, hint);
    problems.push(...filled.problems);
    if (isObject(filled.value)) {
      localizations.set(file, filled.value);
      localizationOrigins.set(file, filled.origins);
    } else problems.push(`${file}: must be a JSON object`);
  }
  // Unfilled placeholders make every later check noisy; stop here and name them all.
  if (problems.length > 0) {
    if (env.missingFile) problems.push(`${env.missingFile}: create it from env/.env.dev.example and fill in every value`);
    throw new PackagingError(envName, problems);
  }

  const rules = ruleProblems(manifest, localizations, filledManifest.origins);
  problems.push(...rules.problems);

  const manifestSchema = loadLocalSchema(manifest.$schema, 'manifest.json');
  if (manifestSchema.problem) problems.push(manifestSchema.problem);
  if (manifestSchema.schema) {
    problems.push(...(await schemaProblems(manifest, manifestSchema.schema, 'manifest.json', filledManifest.origins, rules.reported)));
  }
  for (const [file, localization] of localizations) {
    const schema = loadLocalSchema(localization.$schema, file);
    if (schema.problem) problems.push(schema.problem);
    if (schema.schema) {
      problems.push(...(await schemaProblems(localization, schema.schema, file, localizationOrigins.get(file) ?? new Map(), new Set())));
    }
  }
  try {
    TeamsManifestConverter.jsonToManifest(JSON.stringify(manifest));
  } catch (error) {
    problems.push(
      `manifest.json: does not match the typed Teams manifest model: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  /** @type {Map<string, Buffer>} */
  const icons = new Map();
  const iconRefs = isObject(manifest.icons) ? manifest.icons : {};
  for (const kind of /** @type {const} */ (['color', 'outline'])) {
    const ref = iconRefs[kind];
    if (typeof ref !== 'string') continue; // the schema reports missing icons
    const file = path.join(manifestDir, ref);
    if (!fs.existsSync(file)) {
      problems.push(`manifest.json: icons.${kind}: ${ref} does not exist in manifest/ (run node scripts/make-icons.mjs)`);
      continue;
    }
    const buffer = fs.readFileSync(file);
    problems.push(...checkIcon(kind, buffer, ref));
    icons.set(ref, buffer);
  }

  if (problems.length > 0) throw new PackagingError(envName, problems);

  const zip = new JSZip();
  /** @param {string} name @param {string | Buffer} content */
  const add = (name, content) => zip.file(name, content, { date: ZIP_DATE, createFolders: false });
  add('manifest.json', `${JSON.stringify(manifest, null, 2)}\n`);
  for (const [file, localization] of localizations) add(file, `${JSON.stringify(localization, null, 2)}\n`);
  for (const [file, buffer] of icons) add(file, buffer);
  const bytes = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 }, platform: 'UNIX' });
  fs.mkdirSync(outDir, { recursive: true });
  const zipPath = path.join(outDir, `idesluss-${envName}.zip`);
  fs.writeFileSync(zipPath, bytes);
  return {
    zipPath,
    manifest,
    entries: ['manifest.json', ...localizations.keys(), ...icons.keys()],
    envFiles: env.files,
  };
}

module.exports = {
  PackagingError,
  buildPackage,
  fillPlaceholders,
  loadEnvironment,
  parseEnvFile,
  formatPath,
};
