import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTAINERS, CONTAINER_NAMES, containerDefinitions } from '../../bot/src/adapters/cosmos/database';
import { INFRA_DIR, loadedJsonVar, parseBicep } from './bicep';

/**
 * The Bicep module and the server create the containers from one file. What the Bicep module deploys
 * is found by following its `loadJsonContent()` call; what the server creates is its `CONTAINERS`.
 */
const cosmosBicep = parseBicep(join(INFRA_DIR, 'modules', 'cosmos.bicep'));

function deployedByBicep(): unknown {
  const loaded = loadedJsonVar(cosmosBicep, 'containers');
  let value: unknown = JSON.parse(readFileSync(loaded.file, 'utf8'));
  for (const property of loaded.properties) value = (value as Record<string, unknown>)[property];
  return value;
}

describe('the one container definition', () => {
  it('is what both the Bicep module and the server use', () => {
    const bicepContainers = deployedByBicep();
    expect(bicepContainers).toEqual(CONTAINER_NAMES.map((name) => CONTAINERS[name]));
  });

  it('has the indexes the queries need and leaves the history unindexed', () => {
    const ideas = CONTAINERS.ideas.indexingPolicy!;
    expect(ideas.compositeIndexes).toContainEqual([
      { path: '/number', order: 'descending' },
      { path: '/id', order: 'descending' },
    ]);
    expect(ideas.compositeIndexes).toContainEqual([
      { path: '/createdAtMs', order: 'descending' },
      { path: '/id', order: 'descending' },
    ]);
    expect(ideas.compositeIndexes).toContainEqual([
      { path: '/stageChangedAt', order: 'descending' },
      { path: '/id', order: 'descending' },
    ]);
    expect(ideas.excludedPaths).toContainEqual({ path: '/history/*' });
    expect(CONTAINERS.ideas.partitionKey).toMatchObject({ paths: ['/sluiceId'] });
    expect(CONTAINERS.outbox.partitionKey).toMatchObject({ paths: ['/partition'] });
  });

  it('refuses a definition that lacks a container or names one twice', () => {
    const source = JSON.parse(readFileSync(join(INFRA_DIR, 'cosmos-containers.json'), 'utf8')) as { containers: unknown[] };
    expect(() => containerDefinitions({ containers: source.containers.slice(1) })).toThrow(/ideas/);
    expect(() => containerDefinitions({ containers: [...source.containers, source.containers[0]] })).toThrow(/once/);
  });
});
