import { loadConfig } from '../bot/src/config';
import { createLogger } from '../bot/src/logger';
import { startTelemetry, type AzureMonitor } from '../bot/src/telemetry';

describe('Application Insights telemetry', () => {
  const logger = createLogger('silent');

  function fakeMonitor(): { load: jest.Mock<Promise<AzureMonitor>, []>; used: unknown[]; stopped: number[] } {
    const used: unknown[] = [];
    const stopped: number[] = [];
    const monitor: AzureMonitor = {
      useAzureMonitor: (options) => {
        used.push(options);
      },
      shutdownAzureMonitor: async () => {
        stopped.push(1);
      },
    };
    return { load: jest.fn(async () => monitor), used, stopped };
  }

  it('does not load the package at all without a connection string', async () => {
    const fake = fakeMonitor();
    expect(await startTelemetry(loadConfig({}), logger, fake.load)).toBeUndefined();
    expect(fake.load).not.toHaveBeenCalled();
  });

  it('loads it and sends to the configured resource when the connection string is set', async () => {
    const fake = fakeMonitor();
    const connectionString = 'InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=http://127.0.0.1:9/';
    const stop = await startTelemetry(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: connectionString }), logger, fake.load);
    expect(fake.load).toHaveBeenCalledTimes(1);
    expect(fake.used).toEqual([{ azureMonitorExporterOptions: { connectionString } }]);
    await stop?.();
    expect(fake.stopped).toEqual([1]);
  });
});
