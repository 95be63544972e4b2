// Loads tfjs for the check: the native @tensorflow/tfjs-node when it can be required (it is an optional
// dependency and often fails to install), otherwise @tensorflow/tfjs on its pure-JS CPU backend.
// The report names the backend because numbers differ slightly between them.

export type Tf = typeof import('@tensorflow/tfjs');

export type BackendName = 'tfjs-node' | 'tfjs (cpu, pure JS)';

export interface LoadedBackend {
  tf: Tf;
  name: BackendName;
}

let loaded: Promise<LoadedBackend> | undefined;

/** Loads once per process; later calls return the same module. */
export function loadBackend(): Promise<LoadedBackend> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<LoadedBackend> {
  const native = tryRequire(() => require('@tensorflow/tfjs-node'));
  if (native) {
    await native.ready();
    return { tf: native, name: 'tfjs-node' };
  }
  const tf = tryRequire(() => require('@tensorflow/tfjs'));
  if (!tf) throw new Error('neither @tensorflow/tfjs-node nor @tensorflow/tfjs can be loaded; run npm install');
  await tf.setBackend('cpu');
  await tf.ready();
  silenceFirstUseBanner(tf);
  return { tf, name: 'tfjs (cpu, pure JS)' };
}

// Literal module names (not a variable) so a bundler can see them: esbuild bundles @tensorflow/tfjs
// and leaves @tensorflow/tfjs-node to runtime when it is marked external.
function tryRequire(load: () => unknown): Tf | undefined {
  try {
    return load() as Tf;
  } catch {
    return undefined;
  }
}

// The pure-JS CPU backend prints a "Hi, looks like you are running TensorFlow.js in Node.js ... install
// tfjs-node" banner through console.warn on its first tensor write. That advice is not for our users,
// so the first write happens here with console.warn muted, and the banner is never printed.
function silenceFirstUseBanner(tf: Tf): void {
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    tf.tensor1d([0]).dispose();
  } finally {
    console.warn = warn;
  }
}
