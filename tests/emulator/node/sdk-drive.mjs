// The official openai-node SDK drives oai-emulator's Responses and Conversations endpoints:
// responses.stream(), a background create then a retrieve loop, a background stream dropped
// and resumed with retrieve(id, {stream: true, starting_after}), cancel, input items, delete,
// the function-call turn with previous_response_id, and conversations with their items.
// Run by run-with-emulator.sh (EMU_BASE, OPENAI_NODE_DIR).
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const OpenAI = (await import(pathToFileURL(path.join(process.env.OPENAI_NODE_DIR, 'index.mjs')).href)).default;
const client = new OpenAI({ apiKey: 'sk-emulator', baseURL: process.env.EMU_BASE, maxRetries: 0 });
const model = 'gpt-4o-mini';
const tools = [{ type: 'function', name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } }];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const TERMINAL = new Set(['completed', 'failed', 'cancelled', 'incomplete']);

async function streamHelper() {
  const stream = client.responses.stream({ model, input: '#scenario:text Hello from the emulator' });
  const snapshots = [];
  const seqs = [];
  stream.on('response.output_text.delta', (e) => snapshots.push(e.snapshot));
  stream.on('event', (e) => seqs.push(e.sequence_number));
  const final = await stream.finalResponse();
  assert.equal(final.status, 'completed');
  assert.equal(final.output_text, 'Hello from the emulator');
  assert.deepEqual(snapshots, ['Hello', 'Hello from', 'Hello from the', 'Hello from the emulator']);
  assert.deepEqual(seqs, seqs.map((_, i) => i));
}

async function backgroundPoll() {
  let r = await client.responses.create({ model, input: '#scenario:slow 40', background: true });
  assert.equal(r.status, 'queued');
  const seen = [r.status];
  const started = Date.now();
  while (!TERMINAL.has(r.status)) {
    assert.ok(Date.now() - started < 10000, 'the background response never finished');
    await sleep(10);
    r = await client.responses.retrieve(r.id);
    if (seen[seen.length - 1] !== r.status) seen.push(r.status);
  }
  assert.deepEqual(seen, ['queued', 'in_progress', 'completed']);
  assert.equal(r.output_text.split(' ').length, 50);
}

async function dropAndResume() {
  const first = await client.responses.create({ model, input: '#scenario:long 30 5', background: true, stream: true });
  let id, last = -1;
  for await (const e of first) {
    if (e.type === 'response.created') id = e.response.id;
    last = e.sequence_number;
    if (last === 6) break; // drops the connection
  }
  assert.ok(id);
  const resumed = await client.responses.retrieve(id, { stream: true, starting_after: last });
  const types = [];
  let next = last + 1;
  for await (const e of resumed) {
    assert.equal(e.sequence_number, next++);
    types.push(e.type);
  }
  assert.notEqual(types[0], 'response.created');
  assert.equal(types[types.length - 1], 'response.completed');
  const done = await client.responses.retrieve(id);
  assert.equal(done.status, 'completed');
}

async function cancel() {
  const bg = await client.responses.create({ model, input: '#scenario:slow 50', background: true });
  const c = await client.responses.cancel(bg.id);
  assert.equal(c.status, 'cancelled');
  const fg = await client.responses.create({ model, input: 'hi' });
  await assert.rejects(client.responses.cancel(fg.id), (e) => e.status === 400 && /synchronous/.test(e.message));
}

async function functionTurn() {
  const stream = client.responses.stream({ model, input: '#scenario:function get_weather', tools });
  const argDeltas = [];
  stream.on('response.function_call_arguments.delta', (e) => argDeltas.push(e.snapshot));
  const first = await stream.finalResponse();
  const call = first.output.find((o) => o.type === 'function_call');
  assert.equal(call.name, 'get_weather');
  assert.equal(JSON.parse(call.arguments).city, 'emulated');
  assert.equal(argDeltas[argDeltas.length - 1], call.arguments);
  const second = await client.responses.create({
    model, previous_response_id: first.id, input: [{ type: 'function_call_output', call_id: call.call_id, output: '21C' }],
  });
  assert.equal(second.output_text, 'Thanks! The tools returned: get_weather returned 21C');
  const items = [];
  for await (const it of client.responses.inputItems.list(second.id, { order: 'asc', limit: 1 })) items.push(it.type);
  assert.deepEqual(items, ['message', 'function_call', 'function_call_output']);
  await client.responses.delete(second.id);
  await assert.rejects(client.responses.retrieve(second.id), (e) => e.status === 404);
}

async function conversations() {
  const conv = await client.conversations.create({ metadata: { topic: 'demo' }, items: [{ type: 'message', role: 'user', content: 'Hello!' }] });
  assert.equal(conv.object, 'conversation');
  assert.equal((await client.conversations.retrieve(conv.id)).metadata.topic, 'demo');
  assert.equal((await client.conversations.update(conv.id, { metadata: { topic: 'other' } })).metadata.topic, 'other');
  const r = await client.responses.create({ model, input: 'Tell me a joke.', conversation: conv.id });
  assert.equal(r.conversation.id, conv.id);
  const added = await client.conversations.items.create(conv.id, { items: [{ type: 'message', role: 'user', content: 'More' }] });
  assert.equal(added.data.length, 1);
  const all = [];
  for await (const it of client.conversations.items.list(conv.id, { limit: 2 })) all.push(it);
  assert.equal(all.length, 4);
  const one = await client.conversations.items.retrieve(added.data[0].id, { conversation_id: conv.id });
  assert.equal(one.id, added.data[0].id);
  const after = await client.conversations.items.delete(added.data[0].id, { conversation_id: conv.id });
  assert.equal(after.id, conv.id);
  const del = await client.conversations.delete(conv.id);
  assert.equal(del.deleted, true);
  await assert.rejects(client.conversations.retrieve(conv.id), (e) => e.status === 404);
}

for (const [name, fn] of Object.entries({ streamHelper, backgroundPoll, dropAndResume, cancel, functionTurn, conversations })) {
  await fn();
  console.log(`ok ${name}`);
}
