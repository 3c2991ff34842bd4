// The one place where browser positions meet stored offsets.
//
// The server counts Unicode code points over its stored text (NFC, "\n" line endings); the DOM,
// Range and Selection count UTF-16 code units. 𠮷 (U+20BB7) and most emoji are one code point but
// two units (a surrogate pair). Every conversion between the two goes through this module, so a
// mistake has one place to live and one place to be fixed.

const isHigh = (unit) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit) => unit >= 0xdc00 && unit <= 0xdfff;

/** True when a UTF-16 position falls between the two halves of a surrogate pair. */
export function splitsPair(text, units) {
  return units > 0 && units < text.length && isHigh(text.charCodeAt(units - 1)) && isLow(text.charCodeAt(units));
}

/** Number of code points in a string (what Python's len() says). */
export function codePointLength(text) {
  let pairs = 0;
  for (let i = 0; i + 1 < text.length; i++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      pairs++;
      i++;
    }
  }
  return text.length - pairs;
}

/**
 * Code points before a UTF-16 position. A position inside a surrogate pair is moved outward so
 * that a selection never splits a character: `snap` is "start" (move before the pair) or "end"
 * (move after it).
 */
export function toCodePoint(text, units, snap = "start") {
  let position = Math.max(0, Math.min(units, text.length));
  if (splitsPair(text, position)) position += snap === "end" ? 1 : -1;
  return codePointLength(text.slice(0, position));
}

/** UTF-16 position of a code point offset. */
export function toUtf16(text, codePoints) {
  let units = 0;
  for (let seen = 0; seen < codePoints && units < text.length; seen++) {
    units += isHigh(text.charCodeAt(units)) && isLow(text.charCodeAt(units + 1)) ? 2 : 1;
  }
  return units;
}

/** UTF-16 positions of ascending code point offsets, in one pass over the text. */
export function toUtf16Many(text, sortedCodePoints) {
  const result = [];
  let units = 0;
  let seen = 0;
  for (const target of sortedCodePoints) {
    while (seen < target && units < text.length) {
      units += isHigh(text.charCodeAt(units)) && isLow(text.charCodeAt(units + 1)) ? 2 : 1;
      seen++;
    }
    result.push(units);
  }
  return result;
}

/** The text as an array of code points, indexable by stored offsets. */
export function codePoints(text) {
  return Array.from(text);
}

/** Narrow [start, end) (code points into `chars`) past leading and trailing white space. */
export function trimSpan(chars, start, end) {
  while (start < end && /\s/u.test(chars[start])) start++;
  while (end > start && /\s/u.test(chars[end - 1])) end--;
  return [start, end];
}
