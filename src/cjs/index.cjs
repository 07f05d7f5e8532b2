"use strict";
// The CommonJS entry (`require("mlruns")`): the ES module build itself, through Node's
// require() of ES modules (unflagged from Node 20.19 and 22.12). One copy of the library, so a
// run started through require() is the same active run an `import` sees.
try {
  module.exports = require("../index.js");
} catch (err) {
  if (err && err.code === "ERR_REQUIRE_ESM") {
    throw new Error(
      `require("mlruns") needs Node.js 20.19 or newer (this is ${process.version}, or require() of ES modules is turned off): ` +
        `upgrade Node.js, or load it with \`const mlflow = await import("mlruns")\`.`,
      { cause: err },
    );
  }
  throw err;
}
