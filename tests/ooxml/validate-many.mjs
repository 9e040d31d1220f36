// Validate Office Open XML packages for tests/ooxml_validator.py, in one long-lived process
// (starting the WebAssembly validator costs seconds, so a test process keeps one running).
// Reads requests from stdin, one a line: a JSON array of file paths. Answers each with one line:
// {"<path>": {"errors": [{id, description, part, xpath}]}} or {"<path>": {"crash": "<message>"}}.
// Run `npm ci --prefix tests/ooxml` first.
import { readFile } from "node:fs/promises";
import readline from "node:readline";
import validate from "@ooxml-tools/validate";

const version = process.env.OOXML_OFFICE_VERSION || "Microsoft365";
for await (const line of readline.createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const out = {};
  for (const path of JSON.parse(line)) {
    try {
      const format = path.toLowerCase().endsWith(".docx") ? "docx" : "xlsx"; // .xlsx, .xlsm and .xlam are SpreadsheetML
      const found = await validate(await readFile(path), format, version);
      out[path] = {
        errors: found.map((e) => ({ id: e.id, description: e.description, part: e.path.partUri, xpath: e.path.xpath })),
      };
    } catch (error) {
      out[path] = { crash: String((error && error.stack) || error) };
    }
  }
  process.stdout.write(JSON.stringify(out) + "\n");
}
