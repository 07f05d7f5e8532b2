"use strict";
// The CommonJS entry of mlruns/competition (`require("mlruns/competition")`): the ES module build, as index.cjs does for mlruns.
module.exports = require("../competition/index.js");
