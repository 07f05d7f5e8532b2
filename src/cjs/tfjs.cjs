"use strict";
// The CommonJS entry of mlruns/tfjs (`require("mlruns/tfjs")`): the ES module build, as index.cjs does for mlruns.
module.exports = require("../tfjs/index.js");
