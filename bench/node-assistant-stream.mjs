// node-assistant-stream.mjs: the official openai-node AssistantStream
// (client.beta.threads.runs.stream()) fed a recorded body in-process
// (node-file-client.mjs), with a listener on every helper event and
// finalMessages() at the end.
//
//   OPENAI_NODE_DIR=DIR node bench/node-assistant-stream.mjs FILE.sse
//
// DIR is the SDK's folder (node_modules/openai). Prints
//
//   events=N cpu_s=C
//
// where C is the user + system CPU from the request to the final messages
// (the import and the file read excluded).
import { fileClient } from './node-file-client.mjs';

const client = await fileClient(process.argv[2]);
let events = 0;
const cpu0 = process.cpuUsage();
const stream = client.beta.threads.runs.stream('thread_1', { assistant_id: 'asst_1' });
stream.on('event', () => { events++; });
for (const ev of ['run', 'runStepCreated', 'runStepDelta', 'runStepDone', 'messageCreated', 'messageDelta',
  'messageDone', 'textCreated', 'textDelta', 'textDone', 'imageFileDone', 'toolCallCreated', 'toolCallDelta',
  'toolCallDone']) stream.on(ev, () => {});
await stream.finalMessages();
const cpu = process.cpuUsage(cpu0);
console.log(`events=${events} cpu_s=${((cpu.user + cpu.system) / 1e6).toFixed(3)}`);
