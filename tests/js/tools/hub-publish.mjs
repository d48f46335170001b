// Publishes gadget events to /hubs/agent with the npm SignalR client, as the gadget does, and prints the acks.
// Usage: node hub-publish.mjs <baseUrl> <events.json> [accessToken]
// Each invocation result is printed as one JSON array: an ack per event, or {"error": "..."} for a refused one.
import { readFileSync } from 'node:fs';
import * as signalR from '@microsoft/signalr';

const [baseUrl, file, token] = process.argv.slice(2);
const events = JSON.parse(readFileSync(file, 'utf8'));
const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/agent`, token ? { accessTokenFactory: () => token } : {})
  .configureLogging(signalR.LogLevel.Warning)
  .build();
await connection.start();
const acks = [];
for (const event of events) {
  try {
    acks.push(await connection.invoke('Publish', event));
  } catch (error) {
    acks.push({ error: error.message });
  }
}
await connection.stop();
process.stdout.write(JSON.stringify(acks));
