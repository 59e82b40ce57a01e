import { nodeIo, runCli } from './cli';

void runCli(process.argv.slice(2), nodeIo).then((code) => {
  process.exitCode = code;
});
