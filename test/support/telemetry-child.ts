// Run as its own process by test/telemetry/telemetry-export.test.ts: starts telemetry first, exactly
// as index.ts does (from APPLICATIONINSIGHTS_CONNECTION_STRING, or without it), then the real bot with
// the stand-ins, and drives one person through a message and both sign-ins. Every outgoing TCP
// connection is recorded, so the test can show nothing but this machine was reached. Prints one JSON
// line: the turn ids it set, the connections it saw, and which OpenTelemetry modules were loaded.
import '../../src/telemetry-start';
import net from 'node:net';
import { odata } from '@azure/data-tables';
import { inTurnScope } from '../../src/server/turn-scope';
import { createAzureStorage } from '../../src/storage/azure/azure-storage';
import { stopTelemetry } from '../../src/telemetry';
import { Harness } from './harness';
import { CONTOSO, personal, work } from './dev-people';
import { oauthCardIn, type TurnResult } from './teams-chat';

const connections: string[] = [];
const prototype = net.Socket.prototype as unknown as { connect: (this: net.Socket, ...args: unknown[]) => net.Socket };
const connect = prototype.connect;
prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const first = args[0];
  const options = Array.isArray(first) ? (first[0] as unknown) : first;
  const host =
    typeof options === 'object' && options !== null
      ? String((options as { host?: string; path?: string }).host ?? (options as { path?: string }).path ?? 'localhost')
      : typeof args[1] === 'string'
        ? args[1]
        : 'localhost';
  connections.push(host);
  return connect.apply(this, args);
};

async function main(): Promise<void> {
  const h = await new Harness({}, { proactive: { background: false }, certifications: { background: false } }).start();
  const adele = h.chat({ name: 'Adele Vance', tenantId: CONTOSO, aadObjectId: work('adele').objectId });
  const text = process.env.USER_TEXT ?? '';
  await adele.send({ type: 'message', text, id: 'turn-telemetry-1' });
  await adele.say('hi');
  const start = adele.latestCard('Get Partner University access');
  let last: TurnResult = await adele.press(start.id, 'Get Partner University access');
  if (oauthCardIn(last) === 'WorkAccount') last = await adele.signInAs(work('adele').email);
  if (oauthCardIn(last) === 'PersonalAccount') last = await adele.signInAs(personal('adele').email);
  await h.stop();
  // The Azure SDK's own spans (Table Storage on Azurite): keys and filters hold ids and addresses.
  const azurite = process.env.AZURITE_CONNECTION_STRING;
  if (azurite) {
    await inTurnScope({ id: 'turn-telemetry-storage', type: 'message', channelId: 'msteams' }, async () => {
      const table = await createAzureStorage(
        { kind: 'connection-string', connectionString: azurite },
        process.env.AZURITE_PREFIX ?? 'tel',
      ).table('Probe');
      const address = personal('adele').email;
      await table.upsertEntity({ partitionKey: CONTOSO, rowKey: address, seen: true });
      for await (const entity of table.listEntities({
        queryOptions: { filter: odata`PartitionKey eq ${CONTOSO} and RowKey eq ${address}` },
      }))
        void entity;
    });
  }
  await stopTelemetry();
  const loaded = Object.keys(require.cache).filter((file) =>
    /[\\/]@opentelemetry[\\/]|[\\/]monitor-opentelemetry/.test(file),
  );
  process.stdout.write(
    `${JSON.stringify({ turn: 'turn-telemetry-1', connections, loaded: loaded.length, linked: oauthCardIn(last) === undefined })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
