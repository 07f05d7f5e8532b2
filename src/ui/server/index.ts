/** `mlruns/ui`: the local web viewer (docs/ui.md). */
export { startUi, isLoopback, type UiOptions, type UiServer } from "./start-ui.js";
export { downsampleMinMax, type HistoryPoint } from "./downsample.js";
