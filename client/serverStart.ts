// Imported first by extension.ts, so that the server's process is forked before the rest of the
// bundle (the language client, most of it) is even evaluated: serverProcess.ts says why early.
import { cacheDirBeside, forkServer, serverModule, ServerProcesses } from './serverProcess';

export const processes = new ServerProcesses(() => forkServer(serverModule(), cacheDirBeside(__dirname)));
