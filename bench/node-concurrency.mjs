// node-concurrency.mjs: the official openai-node client running the same
// N concurrent create-and-run streams as concurrency_bench, on one Node
// thread, against an oai-emulator already listening. Each stream asks for
// `#scenario:text` with its own words ("s<i>w1 s<i>w2 ..."); its text
// deltas are joined and the completed text (textDone) compared with the
// expected one, as concurrency_bench does.
//
//   node bench/node-concurrency.mjs --base-url URL [--streams N] [--words W]
//
// NODE_PATH-free: the SDK is imported from the folder given by
// OAI_NODE_SDK (scripts/install-node-sdk DIR installs it there). The last
// line is
//
//   streams=N events=E lost=L cpu_s=C peak_rss_mib=R per_stream_kib=K cpu_us_per_event=X stream_cpu_us_per_event=Y
//
// cpu_s and X: user + system CPU of the whole Node process (startup and
// the SDK import included); Y: only the CPU spent from the first stream on;
// per_stream_kib: growth of the peak RSS over the RSS before the first
// stream, per stream.
import { pathToFileURL } from 'node:url';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
};
const baseURL = opt('--base-url', process.env.OPENAI_BASE_URL);
const n = parseInt(opt('--streams', '1000'), 10);
const words = parseInt(opt('--words', '190'), 10);
const sdkDir = process.env.OAI_NODE_SDK;
if (!baseURL || !sdkDir || !(n > 0) || !(words > 0)) {
  console.error('usage: OAI_NODE_SDK=DIR node node-concurrency.mjs --base-url URL [--streams N] [--words W]');
  process.exit(2);
}
const entry = path.join(sdkDir, 'node_modules', 'openai', 'index.mjs');
const { default: OpenAI } = await import(pathToFileURL(entry).href);

const client = new OpenAI({ apiKey: 'sk-bench', baseURL, maxRetries: 0 });
const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });

const expected = (i) => {
  const w = [];
  for (let k = 1; k <= words; k++) w.push(`s${i}w${k}`);
  return w.join(' ');
};

const rss0 = process.memoryUsage().rss;
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
let events = 0;
const one = async (i) => {
  const want = expected(i);
  let text = '';
  let done = null;
  const stream = client.beta.threads.createAndRunStream({
    assistant_id: assistant.id,
    thread: { messages: [{ role: 'user', content: `#scenario:text ${want}` }] },
  });
  stream.on('event', () => { events++; });
  stream.on('textDelta', (d) => { text += d.value ?? ''; });
  stream.on('textDone', (t) => { done = t.value; });
  await stream.done();
  return text === want && done === want;
};
const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => one(i)));
const wall = Number(process.hrtime.bigint() - t0) / 1e9;
const lost = results.filter((r) => r.status !== 'fulfilled' || !r.value).length;
const cpu = process.cpuUsage();
const cpuS = (cpu.user + cpu.system) / 1e6;
const streamCpuS = (cpu.user + cpu.system - cpu0.user - cpu0.system) / 1e6;
const peakKiB = process.resourceUsage().maxRSS;
const perStream = (peakKiB - rss0 / 1024) / n;
console.log(`wall_s=${wall.toFixed(2)} events_per_s=${(events / wall).toFixed(0)}`);
console.log(`streams=${n} events=${events} lost=${lost} cpu_s=${cpuS.toFixed(2)} ` +
  `peak_rss_mib=${(peakKiB / 1024).toFixed(1)} per_stream_kib=${perStream.toFixed(1)} ` +
  `cpu_us_per_event=${events ? (cpuS * 1e6 / events).toFixed(2) : '0'} ` +
  `stream_cpu_us_per_event=${events ? (streamCpuS * 1e6 / events).toFixed(2) : '0'}`);
process.exit(lost ? 1 : 0);
