// The browser's stand-in for server/check/backend.ts (build.js resolves the check's `./backend` here):
// the same loadBackend() contract, with @tensorflow/tfjs on WebGL when the browser has a GPU for it and
// on the pure-JS CPU backend otherwise. The report names the one that ran, as in Node.
import * as tf from '@tensorflow/tfjs';

export type Tf = typeof tf;

export interface LoadedBackend {
  tf: Tf;
  name: string;
}

export type BackendChoice = 'auto' | 'webgl' | 'cpu';

let choice: BackendChoice = 'auto';
let loaded: Promise<LoadedBackend> | undefined;

/** Before the first check only (the playground's ?backend= parameter). */
export function chooseBackend(wanted: BackendChoice): void {
  choice = wanted;
}

export function loadBackend(): Promise<LoadedBackend> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<LoadedBackend> {
  // A software WebGL (SwiftShader, llvmpipe: headless browsers, no GPU) ran the default check 8x slower
  // than the CPU backend here (17 s against 2 s), so 'auto' uses WebGL on a real GPU only.
  const software = choice === 'auto' ? softwareRenderer() : undefined;
  if (choice === 'webgl' || (choice === 'auto' && !software)) {
    try {
      // setBackend answers false (or throws) where WebGL is missing, e.g. a worker without OffscreenCanvas.
      if (await tf.setBackend('webgl')) {
        await tf.ready();
        return { tf, name: 'tfjs (webgl, browser)' };
      }
    } catch {
      // fall through to the CPU
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { tf, name: `tfjs (cpu, pure JS, browser${software ? `; WebGL here is software: ${software}` : ''})` };
}

/** The WebGL renderer's name when it is a software one; undefined for a GPU or no WebGL at all. */
function softwareRenderer(): string | undefined {
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return undefined;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software/i.exec(renderer)?.[0];
  } catch {
    return undefined;
  }
}
