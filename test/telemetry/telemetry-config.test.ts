// APPLICATIONINSIGHTS_CONNECTION_STRING is read by config.ts like every other key:
// a wrong one stops start-up with a line that says what it should be, and its value is never shown.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config';

const VALID =
  'InstrumentationKey=4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a;IngestionEndpoint=https://westeurope-5.in.applicationinsights.azure.com/';

function problemsOf(value: string): string[] {
  try {
    loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: value });
    return [];
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
}

describe('the Application Insights setting', () => {
  it('empty means no telemetry; a connection string is kept and marked secret', () => {
    assert.equal(loadConfig({}).telemetry.connectionString, undefined);
    assert.equal(loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: '' }).telemetry.connectionString, undefined);
    const config = loadConfig({ APPLICATIONINSIGHTS_CONNECTION_STRING: VALID });
    assert.equal(config.telemetry.connectionString, VALID);
    assert.equal(config.sources.APPLICATIONINSIGHTS_CONNECTION_STRING, 'env (redacted)');
  });

  it('refuses what is not a connection string, or an http ingestion endpoint, without echoing it', () => {
    for (const bad of [
      '4d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a',
      'InstrumentationKey=nope',
      VALID.replace('https://', 'http://'),
    ]) {
      const problems = problemsOf(bad);
      assert.equal(problems.length, 1, bad);
      assert.match(
        problems[0] ?? '',
        /^APPLICATIONINSIGHTS_CONNECTION_STRING must be the Application Insights resource's connection string .* \(got a value\)$/,
      );
      assert.ok(!(problems[0] ?? '').includes('4d3c2b1a'), 'the value is not shown');
    }
  });
});
