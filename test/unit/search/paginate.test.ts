import { describe, expect, it } from "vitest";
import { InvalidParameterError } from "../../../src/errors.js";
import { paginate } from "../../../src/search/index.js";
import { createPageToken, parseStartOffset } from "../../../src/search/paginate.js";

const b64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");
const ITEMS = ["a", "b", "c", "d", "e", "f", "g"];

describe("page tokens", () => {
  it("are base64 of Python's json.dumps({'offset': n})", () => {
    expect(createPageToken(10)).toBe("eyJvZmZzZXQiOiAxMH0=");
    expect(Buffer.from(createPageToken(3), "base64").toString()).toBe('{"offset": 3}');
  });

  it.each<[string | null | undefined, number]>([
    [undefined, 0],
    [null, 0],
    ["", 0],
    ["eyJvZmZzZXQiOiAxMH0=", 10],
    ["eyJvZmZzZXQiOiAxMH0==", 10],
    ["e!yJvZmZzZXQiOiAxMH0=junk", 10],
    [b64('{"offset":7}'), 7],
    [b64('{"offset": "5"}'), 5],
    [b64('{"offset": " 5 "}'), 5],
    [b64('{"offset": "0"}'), 0],
    [b64('{"offset": -3}'), -3],
    [b64('{"offset": 2.9}'), 2],
    [b64('{"offset": true}'), 1],
    [b64('{"offset": 1e2}'), 100],
    [b64('{"offset": 3, "offset": 8}'), 8],
    [b64('\ufeff{"offset": 4}'), 4],
  ])("%j -> offset %d", (token, offset) => {
    expect(parseStartOffset(token)).toBe(offset);
  });

  it.each<[string, string]>([
    ["abc", "could not base64-decode"],
    ["eyJvZmZzZXQiOiAxMH0", "could not base64-decode"],
    ["é", "could not base64-decode"],
    [b64("offset=3"), "decoded value=b'offset=3'"],
    [b64("[1]"), "not a JSON object"],
    [b64('{"offset": 0}'), "parsed value"],
    [b64('{"offset": null}'), "parsed value"],
    [b64('{"other": 1}'), "parsed value"],
    [b64('{"offset": "x"}'), "not stringable"],
    [b64('{"offset": "4.0"}'), "not stringable"],
    [b64('{"offset": [1]}'), "not stringable"],
  ])("rejects %j", (token, message) => {
    expect(() => parseStartOffset(token)).toThrow(InvalidParameterError);
    expect(() => parseStartOffset(token)).toThrow(message);
  });
});

describe("paginate", () => {
  it("walks all pages and stops with a null token", () => {
    const pages: string[][] = [];
    let token: string | null = null;
    do {
      const page: { items: string[]; nextPageToken: string | null } = paginate(ITEMS, token, 3);
      pages.push(page.items);
      token = page.nextPageToken;
    } while (token !== null);
    expect(pages).toEqual([["a", "b", "c"], ["d", "e", "f"], ["g"]]);
  });

  it.each<[string | null, number, string[], number | null]>([
    [null, 7, ITEMS, null],
    [null, 10, ITEMS, null],
    [null, 6, ["a", "b", "c", "d", "e", "f"], 6],
    [createPageToken(5), 2, ["f", "g"], null],
    [createPageToken(9), 2, [], null],
    // Python slicing: a negative offset counts from the end
    [b64('{"offset": -3}'), 2, ["e", "f"], -1],
    [b64('{"offset": -3}'), 5, [], 2],
    // maxResults is the store's to validate; 0 yields an (unusable) token for offset 0, as in MLflow
    [null, 0, [], 0],
  ])("token %j, max %d", (token, max, items, nextOffset) => {
    const page = paginate(ITEMS, token, max);
    expect(page.items).toEqual(items);
    expect(page.nextPageToken).toBe(nextOffset === null ? null : createPageToken(nextOffset));
  });
});
