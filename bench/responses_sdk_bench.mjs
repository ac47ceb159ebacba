// CPU per event of openai-node's ResponseStream (client.responses.stream)
// fed a recorded stream in-process (node-file-client.mjs), a listener
// attached to every event.
//   node responses_sdk_bench.mjs FILE.sse   (OPENAI_NODE_DIR: the SDK folder)
import { fileClient } from './node-file-client.mjs';

const client = await fileClient(process.argv[2]);
let events = 0;
const t0 = process.cpuUsage();
const stream = client.responses.stream({ model: 'gpt-4.1', input: 'x' });
stream.on('event', () => { events++; });
await stream.finalResponse();
const t = process.cpuUsage(t0);
const us = t.user + t.system;
console.log(`openai-node events=${events} cpu_us_per_event=${(us / events).toFixed(3)}`);
