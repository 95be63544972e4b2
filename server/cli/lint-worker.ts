// A worker thread of the parallel CLI (see parallel.ts). It receives batches of components with
// the contents the main thread read, lints each component as its own program and sends the
// results back. Files the batch did not include (an import the graph scan could not see) are read
// from disk with the CLI's own rules.
import { parentPort } from 'worker_threads';
import { lintPart } from './component-lint';
import { prepareLanguages } from './engine';
import { FileHost } from './files';
import { ContentStore } from './import-graph';
import type { WorkerReply, WorkerTask } from './parallel';

parentPort?.on('message', async (task: WorkerTask) => {
  await prepareLanguages(task.parts.flat());
  const store = new ContentStore(new FileHost(task.maxReadBytes));
  for (const [file, content] of task.contents) store.contents.set(file, content);
  const results = task.parts.map((files) => lintPart(files, task.options, store));
  const reply: WorkerReply = { id: task.id, results };
  parentPort!.postMessage(reply);
});
