#!/usr/bin/env node
// The `mlruns` command. Subcommands arrive with the search/CLI work; for now it says so.
const [command] = process.argv.slice(2);
if (!command || command === "--help" || command === "-h") {
  process.stdout.write("mlruns: MLflow file-store tools for Node.\nUsage: mlruns <command>\n(commands: coming with the CLI issue)\n");
  process.exit(0);
}
process.stderr.write(`mlruns: unknown command '${command}'. Run 'mlruns --help'.\n`);
process.exit(2);
