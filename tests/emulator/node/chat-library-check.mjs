// The library's trace of every chat scenario stream of oai-emulator
// (tools/gen-chat-streams.sh), printed by `oai replay --trace` through the
// chat stream object, fed whole and 7 bytes at a time, equals the official
// SDK's (tests/tools/chat-oracle.mjs): lines equal as JSON, end lines by
// `end` and `kind`.
// Run by run-with-emulator.sh (EMU_BASE, OPENAI_NODE_DIR).
//   node chat-library-check.mjs SOURCE_DIR OUTDIR OAI
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [src, out, oai] = process.argv.slice(2);
execFileSync(path.join(src, 'tests/emulator/tools/gen-chat-streams.sh'), [process.env.EMU_BASE, out], { stdio: 'inherit' });
const oracle = path.join(src, 'tests/tools/chat-oracle.mjs');
const rows = fs.readFileSync(path.join(out, 'MANIFEST.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
assert.ok(rows.length >= 17);
const lines = (text) => text.trim().split('\n').map((l) => JSON.parse(l));
const comparable = (l) => ('end' in l ? { end: l.end, kind: l.kind } : l);
let failures = 0;
for (const [name] of rows) {
  const file = path.join(out, `${name}.sse`);
  const want = lines(spawnSync('node', [oracle, file], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout)
    .map(comparable);
  for (const chunk of [[], ['--chunk', '7']]) {
    const got = lines(execFileSync(oai, ['replay', '--trace', ...chunk, file], { encoding: 'utf8', maxBuffer: 1 << 28 }))
      .map(comparable);
    try {
      assert.deepEqual(got, want);
    } catch (e) {
      failures++;
      console.log(`FAIL ${name} ${chunk.join(' ')}: ${e.message.split('\n').slice(0, 12).join('\n')}`);
      continue;
    }
    if (!chunk.length)
      console.log(`ok ${name}: ${got.length} lines`);
  }
}
process.exit(failures ? 1 : 0);
