#!/usr/bin/env node
// The AWS SDK warns on every client that Node 20 support will end; this tool supports Node 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Before any other module loads: it sizes V8's heap for the command (see tuneHeap.ts).
const { tuneHeap } = await import('../dist/cli/tuneHeap.js');
tuneHeap(process.argv[2]);
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
