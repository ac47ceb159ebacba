// node-chat-stream.mjs: the official openai-node ChatCompletionStream
// (client.chat.completions.stream()) fed a recorded body in-process, over
// a fetch that returns the file's bytes in 64 KiB pieces, with a listener
// on every helper event and finalChatCompletion() at the end.
//
//   OAI_NODE_SDK=DIR node bench/node-chat-stream.mjs FILE.sse
//
// DIR holds node_modules/openai (scripts/install-node-sdk DIR). Prints
//
//   chunks=N cpu_s=C cpu_us_per_chunk=X
//
// where C is the user + system CPU from the request to the final
// completion (the import and the file read excluded).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const sdk = process.env.OAI_NODE_SDK;
const OpenAI = (await import(sdk ? pathToFileURL(path.join(sdk, 'node_modules/openai/index.mjs')).href
  : 'openai')).default;
const body = fs.readFileSync(process.argv[2]);
const PIECE = 65536;
const fetchFile = async () => new Response(new ReadableStream({
  start(c) {
    for (let i = 0; i < body.length; i += PIECE) c.enqueue(new Uint8Array(body.subarray(i, i + PIECE)));
    c.close();
  },
}), { status: 200, headers: { 'content-type': 'text/event-stream' } });
const client = new OpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1', fetch: fetchFile, maxRetries: 0 });

let chunks = 0;
const cpu0 = process.cpuUsage();
const stream = client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'bench' }] });
stream.on('chunk', () => { chunks++; });
for (const ev of ['content.delta', 'content.done', 'tool_calls.function.arguments.delta',
  'tool_calls.function.arguments.done']) stream.on(ev, () => {});
await stream.finalChatCompletion();
const cpu = process.cpuUsage(cpu0);
const s = (cpu.user + cpu.system) / 1e6;
console.log(`chunks=${chunks} cpu_s=${s.toFixed(2)} cpu_us_per_chunk=${(s * 1e6 / chunks).toFixed(2)}`);
