/** A yes/no question on the terminal (the question goes to stderr, so stdout stays clean). */
import { createInterface } from "node:readline";

export function confirm(question: string): Promise<boolean> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
    let answered = false;
    process.stderr.write(question);
    rl.once("line", (line) => {
      answered = true;
      rl.close();
      resolve(/^\s*y(es)?\s*$/i.test(line));
    });
    rl.once("close", () => {
      if (!answered) {
        process.stderr.write("\n");
        resolve(false);
      }
    });
  });
}
