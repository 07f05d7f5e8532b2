import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FileStore } from "../../../../src/store/file/index.js";
import { describeTrackingStore } from "../conformance/index.js";

describeTrackingStore("file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mlruns-conformance-"));
  return { store: new FileStore(path.join(dir, "mlruns")), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
});
