import { logParam, logText } from "../api/fluent.js";
import { InvalidParameterError } from "../errors.js";
import { PARAMS } from "./keys.js";

/** Where logFeatureList puts the list unless told otherwise. */
export const FEATURES_ARTIFACT = "features.json";

/**
 * Records the features a model was trained on: the `n_features` param and an artifact,
 * `features.json` (a JSON array of names) by default, or one name per line when
 * `artifactFile` ends in `.txt`. Names must be non-empty and unique.
 */
export async function logFeatureList(features: readonly string[], options: { artifactFile?: string } = {}): Promise<string> {
  if (!Array.isArray(features)) throw new InvalidParameterError("logFeatureList expects an array of feature names.");
  const seen = new Set<string>();
  for (const [i, f] of features.entries()) {
    if (typeof f !== "string" || f === "") throw new InvalidParameterError(`Feature ${i} is not a non-empty string: ${JSON.stringify(f)}`);
    if (seen.has(f)) throw new InvalidParameterError(`Feature '${f}' appears twice in the feature list.`);
    seen.add(f);
  }
  const file = options.artifactFile ?? FEATURES_ARTIFACT;
  const asText = /\.txt$/i.test(file);
  if (asText) {
    const bad = features.find((f) => /[\r\n]/.test(f));
    if (bad !== undefined) throw new InvalidParameterError(`Feature ${JSON.stringify(bad)} contains a line break; log the list as JSON instead.`);
  }
  const text = asText ? features.map((f) => `${f}\n`).join("") : JSON.stringify(features, null, 2) + "\n";
  await logParam(PARAMS.nFeatures, features.length);
  await logText(text, file);
  return file;
}
