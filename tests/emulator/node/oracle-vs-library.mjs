// The emulator's Responses streams (tools/gen-response-streams.sh, every
// scenario) traced by the official SDK (tests/tools/responses-oracle.mjs)
// and by the library's response stream (`oai replay --trace`, fed whole and
// in 7-byte pieces): the traces must be equal. Run by run-with-emulator.sh
// (EMU_BASE, OPENAI_NODE_DIR).
//   node oracle-vs-library.mjs SOURCE_DIR OUTDIR OAI TRACE_EQUAL
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [src, out, oai, traceEqual] = process.argv.slice(2);
execFileSync(path.join(src, 'tests/emulator/tools/gen-response-streams.sh'), [process.env.EMU_BASE, out], { stdio: 'inherit' });
const oracle = path.join(src, 'tests/tools/responses-oracle.mjs');
const rows = fs.readFileSync(path.join(out, 'MANIFEST.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
assert.ok(rows.length >= 17);
let failures = 0;
for (const [name] of rows) {
  const sse = path.join(out, `${name}.sse`);
  const want = path.join(out, `${name}.oracle.jsonl`);
  fs.writeFileSync(want, execFileSync('node', [oracle, sse], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  for (const chunk of ['65536', '7']) {
    const got = path.join(out, `${name}.library.jsonl`);
    fs.writeFileSync(got, execFileSync(oai, ['replay', '--trace', '--chunk', chunk, sse], { maxBuffer: 1 << 28 }));
    const r = spawnSync(traceEqual, [got, want], { encoding: 'utf8' });
    if (r.status !== 0) {
      failures++;
      console.log(`FAIL ${name} (chunk ${chunk}): ${r.stderr.trim()}`);
    }
  }
  if (!failures) console.log(`ok ${name}`);
}
process.exit(failures ? 1 : 0);
