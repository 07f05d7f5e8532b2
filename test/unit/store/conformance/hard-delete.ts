import { it } from "vitest";
import type { Conformance } from "./index.js";

export function hardDeleteBehaviour(_suite: Conformance): void {
  it.todo("hard delete verbs");
}
