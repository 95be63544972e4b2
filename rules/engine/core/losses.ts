// What a loss expects its prediction argument to be. Each frontend maps its framework's API to one
// of these (tfjs in js/tfjs.ts, PyTorch and Keras in python/); rules read only this.
export interface LossKind {
  expects: 'logits' | 'probabilities' | 'log-probabilities';
  family: 'binary' | 'categorical' | 'sparse';
  /** How messages name it: sigmoidCrossEntropy, 'binaryCrossentropy', nn.BCEWithLogitsLoss,
   *  BinaryCrossentropy(from_logits=True), 'binary_crossentropy'. */
  display: string;
  /** The loss takes (labels, predictions) (tfjs, Keras) or (input, target) (PyTorch). */
  order: 'labels-first' | 'prediction-first';
  /** The trainer takes the log of the prediction before the loss (skorch's NeuralNetClassifier with
   *  NLLLoss), so the model should output probabilities: `by` says who and how, `instead` the other
   *  way to keep log-probabilities, both in the framework's words. */
  logTaken?: { by: string; instead: string };
  /** An evaluation metric computed as this loss (scikit-learn's `log_loss(y, p)`): it trains nothing,
   *  so it tells nothing of what the model is, and there is no logits form of it to switch to. */
  metric?: boolean;
  /** Reads each value as it is, with no normalisation over the classes (KL divergence): over one
   *  unit it is not constant, as a cross-entropy is. */
  unnormalised?: boolean;
  /** A metric or sampler that raises an error for values outside [0, 1] rather than clip them: the
   *  error (scikit-learn's Brier score and calibration curve, 'a ValueError'; torch.bernoulli's). */
  rejects?: string;
  /** Divides the values by their sum before reading them as probabilities (torch's
   *  `Categorical(probs=)`): `rejects` is raised only where their signs differ. */
  normalises?: boolean;
  /** The call that takes logits in their place, as messages name it (`Categorical(logits=...)`). */
  logitsForm?: string;
  /** Reads its target as probabilities too (PyTorch's KL divergence, unless log_target=True): what
   *  logits there do, and the repair, in the framework's words. */
  probabilityTarget?: { effect: string; repair: string };
}
