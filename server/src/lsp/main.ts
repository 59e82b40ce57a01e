/** The language server process (bundled to dist/server.js): the real connection, nothing else. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { installProcessGuards } from './guard';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
installProcessGuards((message) => connection.console.error(message));
startServer(connection).listen();
