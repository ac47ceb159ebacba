// Saves a Chat Completions stream of oai-emulator for every scenario (tools/gen-chat-streams.sh) and
// checks that the official SDK, through tests/tools/chat-oracle.mjs, traces each one fed whole and
// in 5-byte pieces with no rule of ours needed: no error unless the scenario ends with one, and the
// final completion has the choices and finish reasons the scenario intends.
// Run by run-with-emulator.sh (EMU_BASE, OPENAI_NODE_DIR).
//   node chat-oracle-check.mjs SOURCE_DIR OUTDIR
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [src, out] = process.argv.slice(2);
execFileSync(path.join(src, 'tests/emulator/tools/gen-chat-streams.sh'), [process.env.EMU_BASE, out], { stdio: 'inherit' });
const oracle = path.join(src, 'tests/tools/chat-oracle.mjs');
const rows = fs.readFileSync(path.join(out, 'MANIFEST.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
assert.ok(rows.length >= 17);
let failures = 0;
for (const [name, end, finish, nchoices] of rows) {
  let whole;
  for (const chunk of [[], ['--chunk', '5']]) {
    const run = spawnSync('node', [oracle, path.join(out, `${name}.sse`), '--report', ...chunk],
      { encoding: 'utf8', maxBuffer: 1 << 28 });
    const text = run.stdout.trim();
    const rules = JSON.parse(run.stderr.trim().split('\n').pop()).rules;
    const trace = text.split('\n').map((l) => JSON.parse(l));
    const last = trace[trace.length - 1];
    const final = trace.find((l) => l.final)?.final;
    const chunks = trace.filter((l) => 'chunk' in l).length;
    const finishes = final ? final.choices.map((c) => c.finish_reason) : [];
    const ok = last.end === end && chunks > 2 && Object.keys(rules).length === 0 &&
      (end === 'error' || (finishes.length === +nchoices && finishes.every((f) => f === finish)));
    if (whole !== undefined && text !== whole) {
      failures++;
      console.log(`FAIL ${name}: the trace in 5-byte pieces differs from the whole one`);
    }
    whole = text;
    if (!ok) {
      failures++;
      console.log(`FAIL ${name} ${chunk.join(' ')}: end ${last.end} (${last.message ?? ''}), finish ${finishes}, rules ${JSON.stringify(rules)}; want ${end} ${finish} x${nchoices}`);
    } else if (!chunk.length) {
      console.log(`ok ${name}: ${chunks} chunks, end ${last.end}, finish ${finishes.join(',') || '-'}`);
    }
  }
}
process.exit(failures ? 1 : 0);
