import { ConfigError } from '#platform/configError';
import { telemetryConfigFromEnv } from '#platform/telemetry/telemetryConfig';

describe('telemetry configuration', () => {
  it('has tracing off and /metrics without a token by default', () => {
    expect(telemetryConfigFromEnv({}, 'gateway', false)).toEqual({
      service: 'gateway',
      production: false,
      logLevel: 'info',
      tracesUrl: undefined,
      metricsToken: undefined,
    });
  });

  it('sends traces to the endpoint with the signal path, or to the traces endpoint as given', () => {
    expect(telemetryConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }, 'gateway', true).tracesUrl).toBe(
      'http://collector:4318/v1/traces',
    );
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/traces' };
    expect(telemetryConfigFromEnv(env, 'gateway', true).tracesUrl).toBe('http://b:4318/traces');
  });

  it('names the variable of a bad setting', () => {
    expect(() => telemetryConfigFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector' }, 'gateway', true)).toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT must be a URL/,
    );
    expect(() => telemetryConfigFromEnv({ METRICS_TOKEN: 'short' }, 'gateway', true)).toThrow(/METRICS_TOKEN/);
    expect(() => telemetryConfigFromEnv({ LOG_LEVEL: 'loud' }, 'gateway', true)).toThrow(ConfigError);
    expect(() => telemetryConfigFromEnv({ LOG_LEVEL: 'loud' }, 'gateway', true)).toThrow(/LOG_LEVEL/);
  });
});
