// node-file-client.mjs: an official openai-node client whose every request
// is answered, in-process, with the bytes of one recorded body (an SSE
// stream) in 64 KiB pieces, for the benchmarks that feed the SDK's stream
// helpers a file.
//
//   const client = await fileClient(FILE);
//
// The SDK is imported from OPENAI_NODE_DIR (its folder, node_modules/openai)
// or, without it, as `openai`. The import and the file read happen here,
// before any CPU a caller measures.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export async function fileClient(file) {
  const sdkDir = process.env.OPENAI_NODE_DIR;
  const OpenAI = (await import(sdkDir ? pathToFileURL(path.join(sdkDir, 'index.mjs')).href : 'openai')).default;
  const bytes = fs.readFileSync(file);
  const PIECE = 65536;
  const fetchFile = async () => new Response(new ReadableStream({
    start(c) {
      for (let i = 0; i < bytes.length; i += PIECE) c.enqueue(new Uint8Array(bytes.subarray(i, i + PIECE)));
      c.close();
    },
  }), { status: 200, headers: { 'content-type': 'text/event-stream' } });
  return new OpenAI({ apiKey: 'sk-bench', baseURL: 'http://127.0.0.1:9/v1', fetch: fetchFile, maxRetries: 0 });
}
