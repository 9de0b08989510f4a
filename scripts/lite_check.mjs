// Runs a Python job inside Pyodide under node, offline: the runtime from the npm package
// `pyodide` in a local folder, pure wheels unpacked from local files. Driven by
// scripts/lite_check.py, which writes the job and compares what this prints with CPython.
//
//   node scripts/lite_check.mjs PYODIDE_DIR JOB.json
//
// JOB.json: {"wheels": [paths], "files": {path in Pyodide: text}, "code": python source}.
// The Python code leaves its answer in the global RESULT (a JSON string); this prints
// one JSON object: {"result": ..., "pyodide": version, "python": version, "seconds": {...}}.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, jobPath] = process.argv.slice(2);
const job = JSON.parse(fs.readFileSync(jobPath, "utf8"));
const started = performance.now();
const { loadPyodide } = await import(pathToFileURL(path.join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + path.sep, stdout: () => {}, stderr: () => {} });
const loaded = performance.now();

// Wheels are zip files: unpack each into site-packages, as pip would without scripts.
const site = pyodide.runPython("import sysconfig; sysconfig.get_paths()['purelib']");
for (const wheel of job.wheels) {
  pyodide.unpackArchive(new Uint8Array(fs.readFileSync(wheel)), "wheel", { extractDir: site });
}
for (const [target, text] of Object.entries(job.files || {})) {
  pyodide.FS.mkdirTree(path.posix.dirname(target));
  pyodide.FS.writeFile(target, text);
}
const installed = performance.now();

await pyodide.runPythonAsync(job.code);
const result = JSON.parse(pyodide.globals.get("RESULT"));
const done = performance.now();
const info = pyodide.runPython("import sys, json; json.dumps([sys.version.split()[0], sys.platform])");
const [python, platform] = JSON.parse(info);
console.log(JSON.stringify({
  result,
  pyodide: pyodide.version,
  python,
  platform,
  seconds: {
    load: (loaded - started) / 1000,
    install: (installed - loaded) / 1000,
    run: (done - installed) / 1000,
  },
}));
