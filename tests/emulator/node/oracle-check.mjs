// Saves a stream of oai-emulator for every scenario (tools/gen-response-streams.sh) and checks
// that the official SDK, through tests/tools/responses-oracle.mjs, traces each one fed whole and in
// 7-byte pieces: no error unless the scenario ends with one, and the final response it prints has
// the status the scenario intends. Run by run-with-emulator.sh (EMU_BASE, OPENAI_NODE_DIR).
//   node oracle-check.mjs SOURCE_DIR OUTDIR
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [src, out] = process.argv.slice(2);
execFileSync(path.join(src, 'tests/emulator/tools/gen-response-streams.sh'), [process.env.EMU_BASE, out], { stdio: 'inherit' });
const oracle = path.join(src, 'tests/tools/responses-oracle.mjs');
const rows = fs.readFileSync(path.join(out, 'MANIFEST.tsv'), 'utf8').trim().split('\n').map((l) => l.split('\t'));
assert.ok(rows.length >= 17);
let failures = 0;
for (const [name, end, status] of rows) {
  for (const chunk of [[], ['--chunk', '7']]) {
    const trace = execFileSync('node', [oracle, path.join(out, `${name}.sse`), ...chunk], { encoding: 'utf8', maxBuffer: 1 << 28 })
      .trim().split('\n').map((l) => JSON.parse(l));
    const last = trace[trace.length - 1];
    const lifecycle = trace.filter((l) => l.response);
    const final = lifecycle.length ? lifecycle[lifecycle.length - 1].response.status : '-';
    const events = trace.length - 1;
    const ok = last.end === end && (end === 'error' || final === status) && events > 2;
    if (!ok) {
      failures++;
      console.log(`FAIL ${name} ${chunk.join(' ')}: end ${last.end} (${last.message ?? ''}), final status ${final}; want ${end} ${status}`);
    } else if (!chunk.length) {
      console.log(`ok ${name}: ${events} events, end ${last.end}, final ${final}`);
    }
  }
}
process.exit(failures ? 1 : 0);
