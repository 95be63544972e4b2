// A large generated Python file for the language-server benchmark: what a long research script or a
// notebook exported to .py looks like — PyTorch modules (attributes + forward, nn.Sequential),
// training and evaluation loops, Keras Sequential and functional models compiled and predicted, and
// plain helpers (datasets, metrics, configuration) between them. Seeded, so every run and machine
// lints the same text. About one block in four carries a mismatch of the kind the rules report, so
// the server has diagnostics to compute, not only silence.
'use strict';
const { createRandom } = require('./random');

const HEADER = [
  'import math',
  'import os',
  'from dataclasses import dataclass',
  '',
  'import numpy as np',
  'import torch',
  'import torch.nn as nn',
  'import torch.nn.functional as F',
  'from torch.utils.data import DataLoader, Dataset',
  'import tensorflow as tf',
  'from tensorflow import keras',
  'from tensorflow.keras import layers',
  '',
];

/** A torch module with attribute layers and a forward; its training and evaluation. */
function torchModule(rng, i) {
  const inp = rng.pick([16, 32, 64, 128]);
  const hid = rng.pick([64, 128, 256]);
  const binary = rng.chance(0.5);
  const out = binary ? 1 : rng.pick([3, 5, 10]);
  const bug = rng.chance(0.25);
  const head = binary ? (bug ? 'torch.sigmoid(self.head(x))' : 'self.head(x)') : bug ? 'F.softmax(self.head(x), dim=1)' : 'self.head(x)';
  const loss = binary ? 'nn.BCEWithLogitsLoss()' : 'nn.CrossEntropyLoss()';
  const decide = binary ? '(logits > 0).float()' : 'logits.argmax(dim=1)';
  return [
    `class Net${i}(nn.Module):`,
    `    """Classifier ${i}: ${inp} features, ${out} output unit(s)."""`,
    '',
    `    def __init__(self, dropout=0.${rng.int(1, 5)}):`,
    '        super().__init__()',
    `        self.fc1 = nn.Linear(${inp}, ${hid})`,
    `        self.fc2 = nn.Linear(${hid}, ${hid / 2})`,
    `        self.bn = nn.BatchNorm1d(${hid / 2})`,
    '        self.drop = nn.Dropout(dropout)',
    `        self.head = nn.Linear(${hid / 2}, ${out})`,
    '',
    '    def forward(self, x):',
    '        x = F.relu(self.fc1(x))',
    '        x = self.drop(F.relu(self.bn(self.fc2(x))))',
    `        return ${head}`,
    '',
    '',
    `def train_net${i}(loader, epochs=${rng.int(2, 20)}, lr=${rng.pick(['1e-3', '3e-4', '1e-2'])}):`,
    `    model = Net${i}()`,
    `    criterion = ${loss}`,
    '    optimizer = torch.optim.Adam(model.parameters(), lr=lr)',
    '    for epoch in range(epochs):',
    '        model.train()',
    '        total = 0.0',
    '        for xb, yb in loader:',
    '            optimizer.zero_grad()',
    '            logits = model(xb)',
    `            loss = criterion(logits, yb${binary ? '.float()' : ''})`,
    '            loss.backward()',
    '            optimizer.step()',
    '            total += loss.item()',
    `        print(f"net${i} epoch {epoch}: {total / max(1, len(loader)):.4f}")`,
    '    return model',
    '',
    '',
    `def evaluate_net${i}(model, loader):`,
    '    model.eval()',
    '    correct = 0',
    '    seen = 0',
    '    with torch.no_grad():',
    '        for xb, yb in loader:',
    '            logits = model(xb)',
    `            pred = ${decide}`,
    '            correct += (pred == yb).sum().item()',
    '            seen += yb.size(0)',
    '    return correct / max(1, seen)',
    '',
    '',
  ];
}

/** An nn.Sequential with an inline training step. */
function torchSequential(rng, i) {
  const inp = rng.pick([8, 20, 40]);
  const out = rng.pick([1, 4, 10]);
  const bug = rng.chance(0.25);
  const tail = out === 1 ? (bug ? ['    nn.Sigmoid(),'] : []) : bug ? ['    nn.Softmax(dim=1),'] : [];
  const loss = out === 1 ? 'nn.BCEWithLogitsLoss()' : 'nn.CrossEntropyLoss()';
  return [
    `seq_model_${i} = nn.Sequential(`,
    `    nn.Linear(${inp}, 64),`,
    '    nn.ReLU(),',
    '    nn.Linear(64, 32),',
    '    nn.Tanh(),',
    `    nn.Linear(32, ${out}),`,
    ...tail,
    ')',
    `seq_loss_${i} = ${loss}`,
    '',
    '',
    `def step_seq_${i}(xb, yb, optimizer):`,
    '    optimizer.zero_grad()',
    `    out = seq_model_${i}(xb)`,
    `    loss = seq_loss_${i}(out, yb)`,
    '    loss.backward()',
    '    optimizer.step()',
    '    return loss.item()',
    '',
    '',
  ];
}

/** A Keras Sequential model, compiled, fitted and predicted. */
function kerasSequential(rng, i) {
  const binary = rng.chance(0.5);
  const bug = rng.chance(0.25);
  const act = binary ? (bug ? '' : ', activation="sigmoid"') : ', activation="softmax"';
  const units = binary ? 1 : rng.pick([3, 10]);
  const loss = binary ? '"binary_crossentropy"' : bug ? 'keras.losses.SparseCategoricalCrossentropy(from_logits=True)' : '"sparse_categorical_crossentropy"';
  return [
    `def build_keras_${i}(input_dim=${rng.pick([10, 32, 100])}):`,
    '    model = keras.Sequential([',
    '        keras.Input(shape=(input_dim,)),',
    `        layers.Dense(${rng.pick([32, 64, 128])}, activation="relu"),`,
    `        layers.Dropout(0.${rng.int(1, 5)}),`,
    '        layers.Dense(32, activation="relu"),',
    `        layers.Dense(${units}${act}),`,
    '    ])',
    '    model.compile(',
    '        optimizer=keras.optimizers.Adam(1e-3),',
    `        loss=${loss},`,
    '        metrics=["accuracy"],',
    '    )',
    '    return model',
    '',
    '',
    `def run_keras_${i}(x_train, y_train, x_test):`,
    `    model = build_keras_${i}()`,
    `    model.fit(x_train, y_train, epochs=${rng.int(3, 30)}, batch_size=${rng.pick([32, 64, 128])}, validation_split=0.1)`,
    '    probs = model.predict(x_test)',
    `    return ${binary ? '(probs > 0.5).astype("int32")' : 'np.argmax(probs, axis=1)'}`,
    '',
    '',
  ];
}

/** A Keras functional model with a custom GradientTape loop. */
function kerasFunctional(rng, i) {
  const classes = rng.pick([4, 10, 20]);
  const bug = rng.chance(0.25);
  return [
    `inputs_${i} = keras.Input(shape=(${rng.pick([28, 32])}, ${rng.pick([28, 32])}, 1))`,
    `h_${i} = layers.Conv2D(16, 3, activation="relu")(inputs_${i})`,
    `h_${i} = layers.MaxPooling2D()(h_${i})`,
    `h_${i} = layers.Flatten()(h_${i})`,
    `outputs_${i} = layers.Dense(${classes}${bug ? ', activation="softmax"' : ''})(h_${i})`,
    `func_model_${i} = keras.Model(inputs_${i}, outputs_${i})`,
    `func_loss_${i} = keras.losses.SparseCategoricalCrossentropy(from_logits=True)`,
    `func_opt_${i} = keras.optimizers.Adam()`,
    '',
    '',
    `def train_step_${i}(xb, yb):`,
    '    with tf.GradientTape() as tape:',
    `        logits = func_model_${i}(xb, training=True)`,
    `        loss = func_loss_${i}(yb, logits)`,
    `    grads = tape.gradient(loss, func_model_${i}.trainable_weights)`,
    `    func_opt_${i}.apply_gradients(zip(grads, func_model_${i}.trainable_weights))`,
    '    return loss',
    '',
    '',
  ];
}

/** Plain Python the rules have nothing to say about: data, configuration, metrics. */
function helpers(rng, i) {
  return [
    '@dataclass',
    `class Config${i}:`,
    `    batch_size: int = ${rng.pick([16, 32, 64])}`,
    `    lr: float = ${rng.pick(['1e-3', '5e-4'])}`,
    `    epochs: int = ${rng.int(5, 50)}`,
    `    data_dir: str = os.path.join("data", "split_${i}")`,
    '',
    '',
    `class TableDataset${i}(Dataset):`,
    '    def __init__(self, rows, labels):',
    '        self.rows = np.asarray(rows, dtype=np.float32)',
    '        self.labels = np.asarray(labels)',
    '',
    '    def __len__(self):',
    '        return len(self.rows)',
    '',
    '    def __getitem__(self, idx):',
    '        return torch.from_numpy(self.rows[idx]), int(self.labels[idx])',
    '',
    '',
    `def f1_score_${i}(tp, fp, fn):`,
    '    precision = tp / max(1, tp + fp)',
    '    recall = tp / max(1, tp + fn)',
    '    if precision + recall == 0:',
    '        return 0.0',
    '    return 2 * precision * recall / (precision + recall)',
    '',
    '',
    `def cosine_schedule_${i}(step, total, base=${rng.pick(['0.1', '0.01'])}):`,
    '    return base * 0.5 * (1 + math.cos(math.pi * step / max(1, total)))',
    '',
    '',
  ];
}

const BLOCKS = [torchModule, torchSequential, kerasSequential, kerasFunctional, helpers];

/** About `lines` lines of Python (a little more: whole blocks only). */
function largePythonFile(lines = 3000, seed = 1) {
  const rng = createRandom(seed);
  const out = [...HEADER];
  for (let i = 0; out.length < lines; i++) out.push(...BLOCKS[i % BLOCKS.length](rng, i));
  return out.join('\n');
}

module.exports = { largePythonFile };

if (require.main === module) process.stdout.write(largePythonFile(Number(process.argv[2]) || 3000, Number(process.argv[3]) || 1));
