// Validate many Office Open XML packages in one process (the WebAssembly start costs seconds).
// Reads a JSON array of file paths on stdin; prints one JSON object on stdout:
// {"<path>": {"errors": [{id, description, part, xpath}]}} or {"<path>": {"crash": "<message>"}}.
// Used by tests/ooxml_validator.py; run `npm ci --prefix tests/ooxml` first.
import { readFile } from "node:fs/promises";
import validate from "@ooxml-tools/validate";

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const paths = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const version = process.env.OOXML_OFFICE_VERSION || "Microsoft365";
const out = {};
for (const path of paths) {
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
process.stdout.write(JSON.stringify(out));
