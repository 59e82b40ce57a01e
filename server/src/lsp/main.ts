/** The language server process (bundled to dist/server.js): the real connection, nothing else. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all)).listen();
