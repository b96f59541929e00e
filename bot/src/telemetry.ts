import type { Config } from './config';
import type { Logger } from './logger';

/** The part of @azure/monitor-opentelemetry the server uses. */
export interface AzureMonitor {
  useAzureMonitor(options: { azureMonitorExporterOptions: { connectionString: string } }): void;
  shutdownAzureMonitor(): Promise<void>;
}

/**
 * Sends requests, dependencies and logs to Application Insights (Azure Monitor's OpenTelemetry
 * distro) when APPLICATIONINSIGHTS_CONNECTION_STRING is set, as the Bicep deployment does. The
 * package is loaded only then: local runs and tests never load it, and so never send anything.
 * Returns how to flush and stop it, or undefined when it is off.
 */
export async function startTelemetry(
  config: Pick<Config, 'appInsightsConnectionString'>,
  logger: Logger,
  load: () => Promise<AzureMonitor> = () => import('@azure/monitor-opentelemetry'),
): Promise<(() => Promise<void>) | undefined> {
  const connectionString = config.appInsightsConnectionString;
  if (!connectionString) return undefined;
  const monitor = await load();
  monitor.useAzureMonitor({ azureMonitorExporterOptions: { connectionString } });
  logger.info('Telemetry goes to Application Insights');
  return () => monitor.shutdownAzureMonitor();
}
