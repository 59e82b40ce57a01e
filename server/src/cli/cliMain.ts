import { nodeIo, runCli } from './cli';

// `rollout-lens lint … | head`: the reader went away. Nothing more can be said to it: end quietly (as `cat` does),
// not with an unhandled 'error' event and a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

void runCli(process.argv.slice(2), nodeIo).then((code) => {
  process.exitCode = code;
});
