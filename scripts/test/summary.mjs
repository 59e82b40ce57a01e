// Prints the counts every suite of the last `npm test` left (one line each) and the closing line `N passed, N failed`.
// Exit 1 when any suite failed or did not report. Used by .ci/run after the README's test command.
import { summary } from './counts.mjs';

process.exit(summary().failed === 0 ? 0 : 1);
