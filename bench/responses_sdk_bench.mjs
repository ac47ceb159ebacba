// CPU per event of openai-node's ResponseStream (client.responses.stream)
// fed a recorded stream in-process: a fetch stub returns the file's bytes
// in 64 KiB chunks and a listener is attached to every event.
//   node responses_sdk_bench.mjs FILE.sse   (OPENAI_NODE_DIR: the SDK folder)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const sdkDir = process.env.OPENAI_NODE_DIR;
const OpenAI = (await import(sdkDir ? pathToFileURL(path.join(sdkDir, 'index.mjs')).href : 'openai')).default;
const bytes = fs.readFileSync(process.argv[2]);
const CHUNK = 65536;
const fetchFile = async () => new Response(new ReadableStream({
  start(c) {
    for (let i = 0; i < bytes.length; i += CHUNK) c.enqueue(new Uint8Array(bytes.subarray(i, i + CHUNK)));
    c.close();
  },
}), { status: 200, headers: { 'content-type': 'text/event-stream' } });
const client = new OpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1', fetch: fetchFile, maxRetries: 0 });

let events = 0;
const t0 = process.cpuUsage();
const stream = client.responses.stream({ model: 'gpt-4.1', input: 'x' });
stream.on('event', () => { events++; });
await stream.finalResponse();
const t = process.cpuUsage(t0);
const us = t.user + t.system;
console.log(`openai-node events=${events} cpu_us_per_event=${(us / events).toFixed(3)}`);
