/**
 * A TensorFlow.js IOHandler over a local folder: `model.json` (topology, training config and
 * weights manifest, as tfjs's `file://` handler in tfjs-node writes it) plus one `weights.bin`.
 * tfjs without tfjs-node has no file-system handler, and this one needs none of its native code.
 */
import fs from "node:fs";
import path from "node:path";
import type { io } from "@tensorflow/tfjs";
import { InvalidParameterError } from "../errors.js";

export const MODEL_JSON = "model.json";
export const WEIGHTS_BIN = "weights.bin";

function bytesOf(data: io.WeightData): Buffer {
  return Array.isArray(data) ? Buffer.concat(data.map((b) => new Uint8Array(b))) : Buffer.from(new Uint8Array(data));
}

function arrayBufferOf(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** `model.save(modelFolder(dir))` writes the model there; `tf.loadLayersModel(modelFolder(dir))` reads it back. */
export function modelFolder(dir: string): io.IOHandler {
  return {
    async save(artifacts: io.ModelArtifacts): Promise<io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new InvalidParameterError("modelFolder saves layers models (a JSON topology), not graph models.");
      }
      const weights = bytesOf(artifacts.weightData ?? new ArrayBuffer(0));
      const { weightData: _bytes, weightSpecs, ...rest } = artifacts;
      const modelJson = { ...rest, weightsManifest: [{ paths: [WEIGHTS_BIN], weights: weightSpecs ?? [] }] };
      const text = JSON.stringify(modelJson);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, WEIGHTS_BIN), weights);
      fs.writeFileSync(path.join(dir, MODEL_JSON), text);
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: "JSON",
          modelTopologyBytes: JSON.stringify(artifacts.modelTopology).length,
          weightSpecsBytes: JSON.stringify(weightSpecs ?? []).length,
          weightDataBytes: weights.byteLength,
        },
      };
    },
    async load(): Promise<io.ModelArtifacts> {
      const json = JSON.parse(fs.readFileSync(path.join(dir, MODEL_JSON), "utf8")) as io.ModelJSON;
      const { weightsManifest, ...rest } = json;
      const specs: io.WeightsManifestEntry[] = [];
      const parts: Buffer[] = [];
      for (const group of weightsManifest ?? []) {
        specs.push(...group.weights);
        for (const file of group.paths) parts.push(fs.readFileSync(path.join(dir, file)));
      }
      return { ...rest, weightSpecs: specs, weightData: arrayBufferOf(Buffer.concat(parts)) };
    },
  };
}
