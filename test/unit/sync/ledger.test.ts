/** The sync journal read back: torn tails, unfinished sessions, the wrong target. */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { emptyRun, Ledger, ledgerPath } from "../../../src/sync/ledger.js";
import { tempDir } from "../helpers/temp-store.js";

const TARGET = "http://127.0.0.1:5000";

function journal(): string {
  return ledgerPath(tempDir("mlruns-journal-"), TARGET);
}

describe("the sync journal", () => {
  it("a finished session is one state line; everything in it is trusted", () => {
    const file = journal();
    const a = Ledger.load(file, TARGET);
    a.begin();
    a.record({ k: "run-state", id: "src1", run: emptyRun("dst1") });
    a.record({ k: "metric", id: "src1", counts: { loss: 10 } });
    a.end();
    expect(fs.readFileSync(file, "utf8").trim().split("\n")).toHaveLength(1);
    const b = Ledger.load(file, TARGET);
    expect(b.state.runs.src1).toMatchObject({ target: "dst1", metrics: { loss: 10 } });
    expect([...b.unsure]).toEqual([]);
  });

  it("after a kill: a torn last line is ignored and what the unfinished session touched is unsure", () => {
    const file = journal();
    const a = Ledger.load(file, TARGET);
    a.begin();
    a.record({ k: "run-state", id: "src1", run: emptyRun("dst1") });
    a.end();
    const b = Ledger.load(file, TARGET);
    b.begin();
    b.record({ k: "metric", id: "src1", counts: { loss: 5 } });
    b.record({ k: "run-state", id: "src2", run: emptyRun("dst2") });
    b.close();
    fs.appendFileSync(file, '{"k":"metric","id":"src2","counts":{"lo'); // the line being written when killed
    const c = Ledger.load(file, TARGET);
    expect(c.state.runs.src1!.metrics).toEqual({ loss: 5 });
    expect(c.state.runs.src2!.metrics).toEqual({});
    expect([...c.unsure].sort()).toEqual(["src1", "src2"]);
    // read back from the target, an entry is sure again once its sync completed (not before:
    // a run skipped half-way must be compared with the target again next time)
    c.begin();
    c.record({ k: "run-state", id: "src1", run: emptyRun("dst1") });
    expect([...c.unsure].sort()).toEqual(["src1", "src2"]);
    c.settle("src1");
    expect([...c.unsure]).toEqual(["src2"]);
  });

  it("what a killed sync touched stays unsure through further killed syncs, and through a finished one that did not reach it", () => {
    const file = journal();
    const a = Ledger.load(file, TARGET);
    a.begin();
    a.record({ k: "run-state", id: "src1", run: emptyRun("dst1") });
    a.record({ k: "metric", id: "src1", counts: { loss: 5 } });
    a.close(); // killed
    const b = Ledger.load(file, TARGET);
    b.begin();
    b.record({ k: "run-state", id: "src2", run: emptyRun("dst2") });
    b.close(); // killed before it reached src1
    const c = Ledger.load(file, TARGET);
    expect([...c.unsure].sort()).toEqual(["src1", "src2"]);
    c.begin();
    c.record({ k: "run-state", id: "src2", run: emptyRun("dst2") }); // src1 is in an experiment this sync was not asked for
    c.settle("src2");
    c.end();
    expect([...Ledger.load(file, TARGET).unsure]).toEqual(["src1"]);
  });

  it("a touched entry is unsure after a kill, though no step of it was journalled; one touch line a session", () => {
    const file = journal();
    const a = Ledger.load(file, TARGET);
    a.begin();
    a.record({ k: "run-state", id: "src1", run: emptyRun("dst1") });
    a.end();
    const b = Ledger.load(file, TARGET);
    b.begin();
    b.touch("src1");
    b.touch("src1");
    b.touch("model1", true);
    b.close(); // killed after the send, before its line
    expect(fs.readFileSync(file, "utf8").split("\n").filter((l) => l.includes('"touch"'))).toHaveLength(2);
    const c = Ledger.load(file, TARGET);
    expect([...c.unsure].sort()).toEqual(["model1", "src1"]);
    expect(c.state.runs.src1).toEqual(emptyRun("dst1"));
  });

  it("refuses a step after the session closed or ended, instead of losing it", () => {
    const a = Ledger.load(journal(), TARGET);
    a.begin();
    a.close();
    expect(() => a.record({ k: "metric", id: "src1", counts: { loss: 1 } })).toThrow(/closed.*metric src1/);
    expect(() => a.touch("src1")).toThrow(/closed/);
    const b = Ledger.load(journal(), TARGET);
    b.begin();
    b.end();
    expect(() => b.touch("src1")).toThrow(/closed/);
    // a dry run never opens the journal: its steps are kept in memory only
    const dry = Ledger.load(journal(), TARGET);
    dry.touch("src1");
    dry.record({ k: "exp", id: "1", target: "2" });
    expect(dry.state.experiments).toEqual({ "1": "2" });
  });

  it("names its target: one store's journals for two targets are two files, and a journal for another target is refused", () => {
    const dir = tempDir("mlruns-journal-");
    expect(ledgerPath(dir, TARGET)).not.toBe(ledgerPath(dir, "http://other:5000"));
    expect(path.basename(ledgerPath(dir, TARGET))).toMatch(/^\.mlruns-sync-[0-9a-f]{16}\.journal$/);
    const file = ledgerPath(dir, TARGET);
    const a = Ledger.load(file, TARGET);
    a.begin();
    a.end();
    expect(() => Ledger.load(file, "http://other:5000")).toThrow(/records the target http:\/\/127\.0\.0\.1:5000, not http:\/\/other:5000; move it aside/);
  });
});
