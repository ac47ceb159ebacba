// The official openai-node SDK drives oai-emulator's Chat Completions endpoint: chat.completions.stream()
// with content, refusal, logprobs and usage events and finalChatCompletion(), parallel tool calls and the
// follow-up turn with tool messages, n > 1, a raw create({stream: true}) iterated chunk by chunk, a
// non-stream create, an error mid-stream and a rejected request. Run by run-with-emulator.sh
// (EMU_BASE, OPENAI_NODE_DIR).
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const OpenAI = (await import(pathToFileURL(path.join(process.env.OPENAI_NODE_DIR, 'index.mjs')).href)).default;
const client = new OpenAI({ apiKey: 'sk-emulator', baseURL: process.env.EMU_BASE, maxRetries: 0 });
const model = 'gpt-4o-mini';
const user = (content) => [{ role: 'user', content }];
const tools = [
  { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
  { type: 'function', function: { name: 'get_time', parameters: { type: 'object', properties: { zone: { type: 'string' } } } } },
];

async function streamContent() {
  const stream = client.chat.completions.stream({
    model, messages: user('#scenario:text Hello from the emulator'), stream_options: { include_usage: true },
  });
  const snapshots = [];
  let done;
  stream.on('content', (_delta, snapshot) => snapshots.push(snapshot));
  stream.on('content.done', (e) => { done = e.content; });
  const final = await stream.finalChatCompletion();
  assert.deepEqual(snapshots, ['Hello', 'Hello from', 'Hello from the', 'Hello from the emulator']);
  assert.equal(done, 'Hello from the emulator');
  assert.equal(final.object, 'chat.completion');
  assert.equal(final.choices[0].message.content, 'Hello from the emulator');
  assert.equal(final.choices[0].finish_reason, 'stop');
  assert.equal(final.usage.completion_tokens, 4);
  assert.equal(await stream.finalContent(), 'Hello from the emulator');
}

async function streamToolTurn() {
  const messages = user('#scenario:parallel 2');
  const stream = client.chat.completions.stream({ model, messages, tools });
  const argDeltas = [];
  const doneCalls = [];
  stream.on('tool_calls.function.arguments.delta', (e) => argDeltas.push(e.arguments_delta));
  stream.on('tool_calls.function.arguments.done', (e) => doneCalls.push([e.index, e.name, e.parsed_arguments ?? JSON.parse(e.arguments)]));
  const final = await stream.finalChatCompletion();
  const msg = final.choices[0].message;
  assert.equal(final.choices[0].finish_reason, 'tool_calls');
  assert.equal(msg.tool_calls.length, 2);
  assert.deepEqual(msg.tool_calls.map((c) => c.function.name), ['get_weather', 'get_time']);
  assert.deepEqual(JSON.parse(msg.tool_calls[1].function.arguments), { zone: 'emulated' });
  assert.ok(argDeltas.length > 4);
  assert.deepEqual(doneCalls, [[0, 'get_weather', { city: 'emulated' }], [1, 'get_time', { zone: 'emulated' }]]);
  assert.ok((await stream.finalFunctionToolCall()).name === 'get_time');

  messages.push(msg, ...msg.tool_calls.map((c, i) => ({ role: 'tool', tool_call_id: c.id, content: `result ${i}` })));
  const next = client.chat.completions.stream({ model, messages, tools });
  assert.equal(await next.finalContent(), 'Done: get_weather returned result 0; get_time returned result 1.');
}

async function streamRefusalAndLogprobs() {
  const refusal = client.chat.completions.stream({ model, messages: user('#scenario:refusal'), logprobs: true });
  let refused;
  const refusalTokens = [];
  refusal.on('refusal.done', (e) => { refused = e.refusal; });
  refusal.on('logprobs.refusal.delta', (e) => refusalTokens.push(...e.refusal));
  const r = await refusal.finalChatCompletion();
  assert.equal(refused, "I'm sorry, but I can't help with that request.");
  assert.equal(r.choices[0].message.refusal, refused);
  assert.equal(refusalTokens.map((t) => t.token).join(''), refused);

  const lp = client.chat.completions.stream({ model, messages: user('#scenario:text a b c'), logprobs: true, top_logprobs: 2 });
  const tokens = [];
  let doneTokens;
  lp.on('logprobs.content.delta', (e) => tokens.push(...e.content));
  lp.on('logprobs.content.done', (e) => { doneTokens = e.content; });
  const f = await lp.finalChatCompletion();
  assert.deepEqual(tokens.map((t) => t.token), ['a', ' b', ' c']);
  assert.equal(doneTokens.length, 3);
  assert.equal(f.choices[0].logprobs.content[2].top_logprobs.length, 2);
}

async function streamChoicesAndLength() {
  const stream = client.chat.completions.stream({ model, messages: user('#scenario:text one two three four'), n: 3, max_tokens: 3 });
  const final = await stream.finalChatCompletion();
  assert.equal(final.choices.length, 3);
  for (const [i, c] of final.choices.entries()) {
    assert.equal(c.index, i);
    assert.equal(c.message.content, 'one two three');
    assert.equal(c.finish_reason, 'length');
  }
}

async function rawChunks() {
  const chunks = await client.chat.completions.create({ model, messages: user('#scenario:long 20 0'), stream: true });
  let text = '';
  let n = 0;
  for await (const chunk of chunks) {
    n++;
    assert.equal(chunk.object, 'chat.completion.chunk');
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  assert.equal(n, 22);
  assert.equal(text.split(' ').length, 20);
}

async function nonStream() {
  const c = await client.chat.completions.create({ model, messages: user('Hi'), n: 2 });
  assert.equal(c.object, 'chat.completion');
  assert.equal(c.choices.length, 2);
  assert.equal(c.choices[1].message.content, 'Hello! You said: Hi');
  assert.ok(c.usage.total_tokens > c.usage.completion_tokens);
  const calls = await client.chat.completions.create({ model, messages: user('#scenario:function get_time'), tools });
  assert.equal(calls.choices[0].message.tool_calls[0].function.name, 'get_time');
}

async function errors() {
  const stream = client.chat.completions.stream({ model, messages: user('#scenario:error') });
  const seen = [];
  stream.on('content', (d) => seen.push(d));
  await assert.rejects(stream.finalChatCompletion(), (e) => e instanceof OpenAI.APIError && /server had an error/.test(e.message));
  assert.equal(seen.length, 3);
  await assert.rejects(client.chat.completions.create({ model, messages: [] }),
    (e) => e instanceof OpenAI.BadRequestError && e.param === 'messages' && e.code === 'empty_array');
  await assert.rejects(client.chat.completions.create({ model, messages: user('#scenario:error') }),
    (e) => e instanceof OpenAI.InternalServerError);
}

for (const t of [streamContent, streamToolTurn, streamRefusalAndLogprobs, streamChoicesAndLength, rawChunks, nonStream, errors]) {
  await t();
  console.log(`ok ${t.name}`);
}
