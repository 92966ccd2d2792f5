import { describe, expect, it } from "vitest";
import { canonicalJson, inputDigest } from "./integrity.js";
import { redactInput } from "./redact-input.js";

describe("redactInput", () => {
  it("replaces secret-looking keys at any depth, case-insensitively, and leaves the original alone", () => {
    const original = {
      name: "deploy",
      Password: "hunter2",
      nested: [{ TOTP: "123456", recoveryCode: "abcd-efgh", apiKey: "k", Authorization: "Bearer x", cookie: "sid=1" }],
      privateKey: "-----BEGIN",
      client_secret: "s",
      accessToken: "t",
      pool: "bulk",
    };
    const copy = redactInput(original);
    expect(copy).toEqual({
      name: "deploy",
      Password: "[redacted]",
      nested: [{ TOTP: "[redacted]", recoveryCode: "[redacted]", apiKey: "[redacted]", Authorization: "[redacted]", cookie: "[redacted]" }],
      privateKey: "[redacted]",
      client_secret: "[redacted]",
      accessToken: "[redacted]",
      pool: "bulk",
    });
    expect(original.Password).toBe("hunter2");
    expect(JSON.stringify(copy)).not.toMatch(/hunter2|123456|abcd-efgh|sid=1/);
  });

  it("redacts credential-looking values under innocent keys", () => {
    expect(redactInput({ note: `sy_${"A".repeat(43)}`, header: "Bearer abc.def", text: "hello" })).toEqual({
      note: "[redacted]",
      header: "[redacted]",
      text: "hello",
    });
  });

  it("makes plain JSON of dates, bigints, undefined, cycles and non-finite numbers", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(redactInput({ d: new Date(0), b: 10n, u: undefined, n: Number.NaN, c: cyclic })).toEqual({
      d: "1970-01-01T00:00:00.000Z",
      b: "10",
      n: null,
      c: { a: 1, self: "[circular]" },
    });
    expect(redactInput(undefined)).toBeNull();
  });

  it("gives a digest of the redacted copy, so equal inputs with different secrets digest alike", () => {
    const a = inputDigest(redactInput({ user: "ada", password: "one" }));
    const b = inputDigest(redactInput({ password: "two", user: "ada" }));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("canonicalJson", () => {
  it("sorts keys by UTF-16 code units, drops whitespace, and writes numbers as ECMAScript does", () => {
    expect(canonicalJson({ b: [1, 2.5, 1e21, -0], a: { "\u00e9": 1, z: null, "\ud83d\ude00": true, A: "x\n" } })).toBe(
      '{"a":{"A":"x\\n","z":null,"\u00e9":1,"\ud83d\ude00":true},"b":[1,2.5,1e+21,0]}',
    );
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow();
  });
});
