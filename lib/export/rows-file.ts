/**
 * The rows of a JSONL rows file, line by line, as Python's json.loads gives them (see row-json.ts
 * and py-json.ts). Apart from file-source.ts so that an export worker, which only reads rows,
 * does not load the template loaders (YAML, zod) with it.
 */
import { isUtf8 } from "node:buffer";
import { PyJsonError, parseJsonlLine } from "../render/py-json";
import { prepareRow, type PreparedRow } from "../render/promptsource";
import { PyDict } from "../render/values";
import { decodeLine, InputFileError, isBlankLine, readLineBytes } from "./read-lines";
import { parsePreparedRowJson, parseRowJson } from "./row-json";

/** The rows of a JSONL file as PyDicts; blank lines are skipped and do not count as rows. */
export async function* readJsonlRows(fileName: string): AsyncGenerator<PyDict> {
  for await (const { bytes, lineNumber } of readLineBytes(fileName)) {
    if (isBlankLine(bytes)) continue;
    yield parseRowBytes(bytes, lineNumber, fileName);
  }
}

/**
 * One non-blank line of a rows file, from its bytes, as its row: parsed from the bytes when it can
 * be (row-json.ts: rows that hold less memory), else from the decoded line, with the same values
 * and errors.
 */
export function parseRowBytes(bytes: Buffer, lineNumber: number, fileName: string): PyDict {
  if (!isUtf8(bytes)) throw new InputFileError(fileName, lineNumber, "invalid UTF-8");
  return parseRowJson(bytes) ?? parseRowLine(decodeLine(bytes, fileName, lineNumber), lineNumber, fileName);
}

/** parseRowBytes's row, prepared for the renderer (prepareRow), without the PyDict when it can. */
export function parsePreparedRowBytes(bytes: Buffer, lineNumber: number, fileName: string): PreparedRow {
  if (!isUtf8(bytes)) throw new InputFileError(fileName, lineNumber, "invalid UTF-8");
  return parsePreparedRowJson(bytes) ?? prepareRow(parseRowLine(decodeLine(bytes, fileName, lineNumber), lineNumber, fileName));
}

/** One non-blank line of a rows file as its row; errors name the file and line. */
export function parseRowLine(line: string, lineNumber: number, fileName: string): PyDict {
  let row;
  try {
    row = parseJsonlLine(line, lineNumber, fileName);
  } catch (e) {
    if (e instanceof PyJsonError) throw new InputFileError(fileName, lineNumber, `malformed JSON: ${e.message.replace(`${fileName}:${lineNumber}: `, "")}`);
    throw e;
  }
  if (!(row instanceof PyDict)) throw new InputFileError(fileName, lineNumber, "a row must be a JSON object");
  return row;
}
