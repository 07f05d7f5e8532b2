/**
 * The params a Keras run logs, from a TensorFlow.js model and fit's callback params:
 * mlflow.keras.MlflowCallback.on_train_begin logs `optimizer_<key>` for every entry of the
 * optimizer's get_config() (Keras 3 names: optimizer_name "adam", optimizer_learning_rate,
 * optimizer_beta_1, ...), Keras autologging logs fit's `epochs` and `batch_size`. tfjs's
 * optimizer configs use camelCase (learningRate, beta1): they are renamed to Keras's keys.
 * The model's shape (loss, metrics, layers, parameter counts) has no Keras autolog param; it is
 * logged under plain snake_case names so runs can be compared on it.
 */
import type { LayersModel, Optimizer } from "@tensorflow/tfjs";

/** tfjs optimizer class → the `name` Keras 3 gives the same optimizer by default. */
const KERAS_OPTIMIZER_NAMES: Record<string, string> = {
  Adam: "adam",
  Adamax: "adamax",
  Adagrad: "adagrad",
  Adadelta: "adadelta",
  RMSProp: "rmsprop",
  SGD: "SGD",
  // Keras has no separate momentum optimizer: it is SGD(momentum=...).
  Momentum: "SGD",
};

/** tfjs config key → Keras get_config() key, where snake_case alone does not give it. */
const KERAS_CONFIG_KEYS: Record<string, string> = {
  beta1: "beta_1",
  beta2: "beta_2",
  useNesterov: "nesterov",
};

function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** optimizer_name, optimizer_learning_rate and the optimizer's other hyper-parameters. */
export function optimizerParams(optimizer: Optimizer | undefined): Record<string, string | number | boolean> {
  if (!optimizer) return {};
  const className = optimizer.getClassName();
  const out: Record<string, string | number | boolean> = { optimizer_name: KERAS_OPTIMIZER_NAMES[className] ?? className };
  for (const [key, value] of Object.entries(optimizer.getConfig())) {
    // tfjs's RMSProp "decay" is the gradient discount Keras calls rho.
    const kerasKey = className === "RMSProp" && key === "decay" ? "rho" : (KERAS_CONFIG_KEYS[key] ?? snakeCase(key));
    if (value === null || value === undefined || typeof value === "object") continue;
    out[`optimizer_${kerasKey}`] = value as string | number | boolean;
  }
  return out;
}

function lossName(loss: LayersModel["loss"]): string {
  if (typeof loss === "string") return loss;
  if (typeof loss === "function") return loss.name || "custom";
  if (Array.isArray(loss)) return loss.map(lossName).join(",");
  return Object.entries(loss).map(([output, l]) => `${output}:${lossName(l)}`).join(",");
}

function weightCount(weights: { shape: readonly (number | null)[] }[]): number {
  // A variable's shape is fully known; null only appears in the type.
  return weights.reduce((sum, w) => sum + w.shape.reduce<number>((n, d) => n * (d ?? 0), 1), 0);
}

/** What tfjs passes to setParams: epochs, batchSize (null for fitDataset), steps, metrics, ... */
export type FitParams = Record<string, unknown>;

export function trainingParams(model: LayersModel, fit: FitParams): Record<string, string | number | boolean> {
  const params: Record<string, string | number | boolean> = {};
  if (typeof fit.epochs === "number") params.epochs = fit.epochs;
  // fitDataset leaves the batch size to the dataset, and tfjs passes null.
  if (typeof fit.batchSize === "number") params.batch_size = fit.batchSize;
  if (typeof fit.steps === "number") params.steps_per_epoch = fit.steps;
  Object.assign(params, optimizerParams(model.optimizer));
  if (model.loss !== undefined) params.loss = lossName(model.loss);
  const metrics = (model.metricsNames ?? []).filter((m) => m !== "loss");
  if (metrics.length) params.metrics = metrics.join(",");
  // Keras's Sequential.layers has no InputLayer; tfjs's has one.
  params.num_layers = model.layers.filter((l) => l.getClassName() !== "InputLayer").length;
  params.trainable_params = weightCount(model.trainableWeights);
  params.total_params = model.countParams();
  return params;
}
