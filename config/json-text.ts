import { createScanner, parse, printParseErrorCode, type ParseError } from "jsonc-parser";

/** Where a text stops being JSON, and what to do about it. */
export interface JsonSyntaxError {
  /** 1-based line. */
  readonly line: number;
  /** 1-based column, in characters (UTF-16 code units) from the start of the line. */
  readonly column: number;
  /** What is wrong and how to fix it. */
  readonly message: string;
}

export type JsonTextResult = { readonly value: unknown; readonly error?: undefined } | { readonly value?: undefined; readonly error: JsonSyntaxError };

export interface JsonTextOptions {
  /**
   * Accept `//` and `/* *\/` comments (JSON with Comments, as in the README's examples and VS
   * Code's `jsonc`). Trailing commas are never accepted: JSON has none, and one is usually a
   * deleted entry's leftover. @default true
   */
  readonly comments?: boolean;
}

const BOM = "\uFEFF";

/**
 * Parses JSON (with comments, unless turned off) with Microsoft's `jsonc-parser`, the parser of VS
 * Code's JSON support, and reports the first syntax error with its line and column. A leading
 * UTF-8 byte-order mark is ignored, as RFC 8259 (section 8.1) allows parsers to do: Windows editors
 * write one, and it is invisible there.
 */
export function parseJsonText(raw: string, options: JsonTextOptions = {}): JsonTextResult {
  const comments = options.comments ?? true;
  const text = raw.startsWith(BOM) ? raw.slice(BOM.length) : raw;
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { disallowComments: !comments, allowTrailingComma: false, allowEmptyContent: false });
  // The first error is the real one; the parser recovers and later errors often follow from it.
  const first = errors[0];
  if (!first) return { value };
  return { error: describe(text, first, comments) };
}

function describe(text: string, e: ParseError, comments: boolean): JsonSyntaxError {
  const code = printParseErrorCode(e.error);
  const at = (offset: number, message: string): JsonSyntaxError => ({ ...lineAndColumn(text, offset), message });
  if (code === "ValueExpected" && !hasContent(text))
    return at(0, 'the file is empty; write the landing zone as one JSON object, { "name": ..., "tools": ..., ... }');
  const next = text[e.offset];
  if ((code === "PropertyNameExpected" || code === "ValueExpected") && (next === "}" || next === "]")) {
    const comma = previousToken(text, e.offset);
    if (comma !== undefined && text[comma] === ",")
      return at(comma, `trailing comma before "${next}"; remove it (JSON allows no comma after the last ${next === "}" ? "property" : "element"})`);
  }
  switch (code) {
    case "InvalidSymbol":
      return at(
        e.offset,
        `unexpected ${quoteToken(text.substr(e.offset, Math.max(1, e.length)))}; property names and strings are in double quotes, other values are numbers, true, false, null, objects or arrays`,
      );
    case "InvalidNumberFormat":
    case "UnexpectedEndOfNumber":
      return at(
        e.offset,
        `${quoteToken(text.substr(e.offset, Math.max(1, e.length)))} is not a JSON number; write digits (account ids as strings: "111111111111")`,
      );
    case "PropertyNameExpected":
      return at(e.offset, "a property name in double quotes expected");
    case "ValueExpected":
      return at(e.offset, e.offset >= text.length ? "the file ends where a value is expected; complete or remove the last entry" : "a value expected");
    case "ColonExpected":
      return at(e.offset, '":" expected after the property name');
    case "CommaExpected":
      return at(e.offset, '"," expected; separate properties and array elements with commas');
    case "CloseBraceExpected":
      return at(e.offset, '"}" expected; an object is not closed');
    case "CloseBracketExpected":
      return at(e.offset, '"]" expected; an array is not closed');
    case "EndOfFileExpected":
      return at(e.offset, "text after the end of the JSON object; the file must hold exactly one object");
    case "InvalidCommentToken":
      return at(e.offset, comments ? "invalid comment" : "this file takes no comments; remove it");
    case "UnexpectedEndOfComment":
      return at(e.offset, 'a comment is not closed; end it with "*/"');
    case "UnexpectedEndOfString":
      return at(e.offset, "a string is not closed; end it with a double quote on the same line");
    case "InvalidUnicode":
    case "InvalidEscapeCharacter":
      return at(e.offset, 'invalid escape in a string; write a backslash as "\\\\"');
    case "InvalidCharacter":
      return at(e.offset, 'a control character (tab, line break) inside a string; write it escaped ("\\t", "\\n")');
    default:
      return at(e.offset, code);
  }
}

/** 1-based line and column of an offset; a line ends at \n, \r\n or \r. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text[i];
    if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

// Offset of the last token (comments and white space skipped) that starts before `offset`.
function previousToken(text: string, offset: number): number | undefined {
  const scanner = createScanner(text, true);
  let prev: number | undefined;
  for (;;) {
    scanner.scan();
    if (scanner.getTokenLength() === 0 || scanner.getTokenOffset() >= offset) return prev;
    prev = scanner.getTokenOffset();
  }
}

// Whether the text holds anything but white space and comments.
function hasContent(text: string): boolean {
  const scanner = createScanner(text, true);
  scanner.scan();
  return scanner.getTokenLength() > 0;
}

function quoteToken(token: string): string {
  return JSON.stringify(token.length > 20 ? `${token.slice(0, 20)}...` : token);
}
