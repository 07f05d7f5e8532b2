/**
 * mlruns/tfjs: MLflow tracking for TensorFlow.js training. `MlflowCallback` logs a fit's params,
 * metrics and trained model the way mlflow.keras.MlflowCallback does; `modelFolder` saves and
 * loads a layers model in a local folder without tfjs-node. Needs @tensorflow/tfjs (an optional
 * peer dependency); importing this module without it throws a MissingDependencyError.
 */
export { MlflowCallback, type MlflowCallbackOptions } from "./callback.js";
export { modelFolder, MODEL_JSON, WEIGHTS_BIN } from "./model-folder.js";
export { loadTfjs } from "./load-tfjs.js";
