// Small checks shared by the JSON input parsers (study specs, teacher recipes): parse the text so
// a syntax error names the file, tell a JSON object from other values, and the rule for names.
import { ParseError } from "../io/errors.js";

export type Json = unknown;

/** A JSON object (not null, not an array). */
export const isJsonObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Names of groups, datasets and experiments (safe in file names and CLI arguments). */
export const NAME = /^[A-Za-z0-9._+-]+$/;
/** What NAME allows, for error messages. */
export const NAME_RULE = "letters, digits and . _ + - only";

/** JSON.parse; a syntax error becomes a ParseError "<file>: not valid JSON: …". */
export function parseJsonText(text: string, file: string): Json {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ParseError({ file }, `not valid JSON: ${(e as Error).message}`);
  }
}
