import type * as Uuid from "uuid";
import { lazyModule, nodeCrypto } from "../../util/lazy-module.js";
import { NOUNS, PREDICATES } from "./run-name-words.js";

const uuid = lazyModule<typeof Uuid>("uuid");
const randomInt = (min: number, max: number) => nodeCrypto().randomInt(min, max);

/** Python's uuid.uuid4().hex. */
export function uuid4Hex(): string {
  return uuid().v4().replace(/-/g, "");
}

/** uuid.uuid4().hex, as FileStore.create_run. */
export function newRunId(): string {
  return uuid4Hex();
}

/**
 * mlflow/utils/name_utils.py _generate_unique_integer_id: the last 18 decimal digits of a
 * uuid4 integer, with leading zeros replaced by digits appended at the end.
 */
export function newExperimentId(): string {
  const hex = uuid4Hex();
  let digits = BigInt("0x" + hex).toString().slice(-18);
  for (const ch of digits) {
    if (ch !== "0") break;
    digits += String(randomInt(0, 10));
  }
  return BigInt(digits).toString();
}

/** name_utils._generate_random_name: "{predicate}-{noun}-{0..1000}", at most 20 characters. */
export function generateRunName(): string {
  let name = "";
  for (let i = 0; i < 10; i++) {
    const predicate = PREDICATES[randomInt(0, PREDICATES.length)];
    const noun = NOUNS[randomInt(0, NOUNS.length)];
    name = `${predicate}-${noun}-${randomInt(0, 1001)}`;
    if (name.length <= 20) return name;
  }
  return name.slice(0, 20);
}
