// Reads the engine's ModelFacts into a trunk and a head the replica can build, noting every default
// and every simplification. Nothing here runs tfjs or the user's code.
import { equivalentLoss } from './framework-losses';
import { LOSSES, parseLoss } from './losses';
import type { DenseSpec, ModelFacts } from './types';

export const DEFAULT_INPUT_WIDTH = 8;
export const DEFAULT_TRUNK: readonly DenseSpec[] = [{ units: 16, activation: 'relu' }];
const DEFAULT_HIDDEN_UNITS = 16;
// Caps keep the default check within a few seconds on the pure-JS backend; the head (what the rules
// are about) keeps its real width up to MAX_OUTPUT_UNITS.
export const MAX_INPUT_WIDTH = 64;
const MAX_HIDDEN_UNITS = 64;
const MAX_HIDDEN_LAYERS = 3;
export const MAX_OUTPUT_UNITS = 16;

// tfjs-layers activation identifiers (ActivationIdentifier).
/** Keras' 'hard_sigmoid', PyTorch's hardsigmoid, tfjs' 'hardSigmoid'. */
const HARD_SIGMOID = /^hard_?sigmoid$/i;
const ACTIVATIONS = ['elu', 'hardSigmoid', 'linear', 'relu', 'relu6', 'selu', 'sigmoid', 'softmax', 'softplus', 'softsign', 'tanh', 'swish', 'mish', 'gelu', 'gelu_new'];

export interface ReadFacts {
  inputWidth: number;
  /** The input width is the replica's own (the code's is not known). */
  inputOwn: boolean;
  hidden: DenseSpec[];
  /** Output width as written (undefined: unknown). */
  outputUnits?: number;
  /** Activations after the output layer's matMul, in order; linear ones dropped. */
  outputActivations: string[];
  /** A sigmoid of outputActivations stands for the code's hard sigmoid. */
  hardSigmoid?: boolean;
  notes: string[];
}

export function readFacts(facts: ModelFacts | undefined): ReadFacts {
  const notes: string[] = [];
  const all = (facts?.layers ?? []).map(normaliseLayer);
  // A Flatten only joins axes the replica does not have: rebuilt as its flat input (no layer). Before
  // the first dense layer it means the input has several axes, of which the facts give the last only.
  const firstDense = all.findIndex((l) => l.kind === 'dense');
  const flattens = all.map((l, i) => (isFlatten(l) ? i : -1)).filter((i) => i >= 0);
  const flattenedInput = flattens.some((i) => firstDense < 0 || i < firstDense);
  const layers = all.filter((l) => !isFlatten(l));
  if (flattens.length && !flattenedInput) notes.push(`${writtenName(all[flattens[0]])} is left out: the replica's dense layers have no other axes for it to join.`);
  const outputIndex = lastIndexWhere(layers, (l) => l.kind === 'dense');
  const trunk = outputIndex < 0 ? [] : layers.slice(0, outputIndex);
  const head = outputIndex < 0 ? undefined : layers[outputIndex];
  const after = outputIndex < 0 ? layers : layers.slice(outputIndex + 1);

  const convs = [...new Set(layers.flatMap((l) => (l.kind === 'dense' && l.conv ? [l.conv] : [])))];
  if (convs.length) notes.push(`Each ${convs.join(' and ')} is rebuilt as a dense layer over its channels: the replica has no spatial axes.`);
  const given = flattenedInput ? undefined : facts?.inputWidth;
  const inputWidth = flattenedInput ? DEFAULT_INPUT_WIDTH : readInputWidth(given, notes);
  const axis = facts?.inputWidth === undefined ? 'none of its axes' : `only its last axis (${facts.inputWidth})`;
  if (flattenedInput) notes.push(`Your code flattens its input (${writtenName(all[flattens[0]])}) before the first dense layer, and the facts give ${axis}, not how many features that layer gets: the replica takes ${DEFAULT_INPUT_WIDTH} flat features.`);
  const inputOwn = given === undefined || !Number.isInteger(given) || given < 1;
  const hidden = outputIndex < 0 ? defaultTrunk('the model\u2019s layers are not known', notes) : readTrunk(trunk, notes);

  const outputActivations: string[] = [];
  // A hard sigmoid on the output is trained as a plain sigmoid (the replica's heads are sigmoid or
  // softmax; tfjs's hardSigmoid is Keras 2's alone): said in the notes and wherever it is named.
  let hardSigmoid = false;
  const output = (activation: unknown) => {
    if (typeof activation !== 'string' || !HARD_SIGMOID.test(activation)) return known(activation, notes);
    hardSigmoid = true;
    notes.push(`Your code's hard sigmoid ('${activation}') is trained here as a plain sigmoid: the numbers show what a second sigmoid before the loss costs, not the hard sigmoid's own flat ends (exactly 0 or 1 a few units from 0, where no gradient passes).`);
    return ['sigmoid'];
  };
  if (head?.kind === 'dense') outputActivations.push(...output(head.activation));
  for (const layer of after) {
    if (layer.kind === 'activation') outputActivations.push(...output(layer.activation));
    else if (layer.kind === 'passthrough') notes.push(`${layer.name} after the output layer is left out (it does not change what the output is).`);
    else if (layer.kind === 'unknown') notes.push(`${layer.name} after the output layer cannot be rebuilt and is left out.`);
  }
  let outputUnits = head?.kind === 'dense' ? head.units : undefined;
  if (outputUnits !== undefined && (!Number.isInteger(outputUnits) || outputUnits < 1)) {
    notes.push(`The output width ${String(outputUnits)} is not a number of units; it counts as unknown.`);
    outputUnits = undefined;
  } else if (outputUnits !== undefined && outputUnits > MAX_OUTPUT_UNITS) {
    notes.push(`The output layer has ${outputUnits} units; the replica uses ${MAX_OUTPUT_UNITS} to stay fast.`);
    outputUnits = MAX_OUTPUT_UNITS;
  }
  return { inputWidth, inputOwn, hidden, outputUnits, outputActivations, ...(hardSigmoid ? { hardSigmoid } : {}), notes };
}

/**
 * The output width when the code's is not known: the rule's default (`defaultUnits`), but never fewer
 * units than the code's loss takes: a loss over classes (CrossEntropyLoss, categorical cross-entropy)
 * needs two, and over one unit PyTorch stops ("Target 1 is out of bounds") where the replica would
 * read a constant.
 */
export function unknownWidth(facts: ModelFacts | undefined, defaultUnits: number, singleUnit: boolean, notes: string[]): number {
  const given = equivalentLoss(facts)?.id ?? parseLoss(facts?.loss);
  const family = facts?.lossKind?.family;
  const overClasses = !singleUnit && ((given && LOSSES[given].categorical) || family === 'categorical' || family === 'sparse');
  const units = overClasses ? Math.max(2, defaultUnits) : defaultUnits;
  const loss = facts?.lossKind?.display ?? (given ? LOSSES[given].display : undefined);
  notes.push(overClasses && units === 2 && loss
    ? `Output width unknown in your code: the replica uses 2 units, the fewest ${loss} takes (it is a loss over classes).`
    : `Output width unknown in your code: the replica uses ${units} unit${units > 1 ? 's' : ''}.`);
  return units;
}

function readInputWidth(width: number | undefined, notes: string[]): number {
  if (width === undefined || !Number.isInteger(width) || width < 1) {
    notes.push(`Input width unknown: the replica uses ${DEFAULT_INPUT_WIDTH} features.`);
    return DEFAULT_INPUT_WIDTH;
  }
  if (width > MAX_INPUT_WIDTH) {
    notes.push(`Input width ${width} is scaled down to ${MAX_INPUT_WIDTH} features to stay fast.`);
    return MAX_INPUT_WIDTH;
  }
  return width;
}

function readTrunk(trunk: ModelFacts['layers'], notes: string[]): DenseSpec[] {
  const unknown = trunk.filter((l) => l.kind === 'unknown');
  if (unknown.length) {
    const names = [...new Set(unknown.map((l) => (l.kind === 'unknown' ? l.name : '')))].join(', ');
    return defaultTrunk(`the layers before the output (${names}) cannot be rebuilt`, notes);
  }
  const hidden: DenseSpec[] = [];
  for (const layer of trunk) {
    if (layer.kind === 'dense') {
      let units = layer.units;
      if (units === undefined || !Number.isInteger(units) || units < 1) {
        notes.push(`A hidden layer's width is unknown: the replica uses ${DEFAULT_HIDDEN_UNITS} units.`);
        units = DEFAULT_HIDDEN_UNITS;
      } else if (units > MAX_HIDDEN_UNITS) {
        notes.push(`A hidden layer of ${units} units is scaled down to ${MAX_HIDDEN_UNITS}.`);
        units = MAX_HIDDEN_UNITS;
      }
      hidden.push({ units, activation: known(layer.activation, notes)[0] ?? 'linear' });
    } else if (layer.kind === 'activation') {
      const previous = hidden[hidden.length - 1];
      const [activation] = known(layer.activation, notes);
      // dense(linear) + activation(x) is dense(x); anything else is an extra squashing we leave out.
      if (previous && previous.activation === 'linear' && activation) previous.activation = activation;
      else if (activation) notes.push(`The ${activation} activation layer in the trunk is left out.`);
    } else if (layer.kind === 'passthrough' && !/^Input(?:Layer)?$/.test(layer.name)) {
      // (The input itself is the replica's input, not a layer it drops.)
      notes.push(`${layer.name} in the trunk is left out (the replica trains without it).`);
    }
  }
  if (hidden.length > MAX_HIDDEN_LAYERS) {
    notes.push(`The trunk has ${hidden.length} hidden dense layers; the replica keeps the last ${MAX_HIDDEN_LAYERS}.`);
    return hidden.slice(-MAX_HIDDEN_LAYERS);
  }
  return hidden;
}

function defaultTrunk(reason: string, notes: string[]): DenseSpec[] {
  const text = DEFAULT_TRUNK.map((l) => `dense(${l.units}, ${l.activation})`).join(' \u2192 ');
  notes.push(`Default trunk ${text}: ${reason}.`);
  return DEFAULT_TRUNK.map((l) => ({ ...l, own: true }));
}

function isFlatten(layer: Layer): boolean {
  return (layer.kind === 'unknown' || layer.kind === 'passthrough') && /(?:^|\.)Flatten$/.test(layer.name);
}

/** A layer as the code writes it (`keras.layers.Flatten()`), else its name. */
function writtenName(layer: Layer): string {
  return layer.written ?? ('name' in layer ? layer.name : layer.kind);
}

/** An activation name tfjs knows, as a list of zero ('linear'/absent) or one entries. */
function known(activation: unknown, notes: string[]): string[] {
  if (activation === undefined || activation === null || activation === 'linear') return [];
  if (typeof activation !== 'string') {
    notes.push('An activation that is not a name is left out.');
    return [];
  }
  const match = ACTIVATIONS.find((a) => a.toLowerCase() === activation.toLowerCase());
  if (!match) {
    notes.push(`Activation '${activation}' is not a tfjs activation the replica knows; it is left out.`);
    return [];
  }
  return match === 'linear' ? [] : [match];
}

type Layer = ModelFacts['layers'][number];
const LAYER_KINDS = new Set(['dense', 'activation', 'passthrough', 'unknown']);

/** Facts come over IPC and from other tools: a layer of a kind we do not know is an unknown layer. */
function normaliseLayer(layer: Layer): Layer {
  if (layer && typeof layer === 'object' && LAYER_KINDS.has(layer.kind)) return layer;
  const name = layer && typeof layer === 'object' ? String((layer as { name?: unknown; kind?: unknown }).name ?? (layer as { kind?: unknown }).kind) : String(layer);
  return { kind: 'unknown', name };
}

function lastIndexWhere<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}
