import { describe, expect, it } from "vitest";
import { bearerToken, createAuthenticator } from "./auth.js";

describe("auth", () => {
  it("reads bearer tokens", () => {
    expect(bearerToken("Bearer abc.def")).toBe("abc.def");
    expect(bearerToken("bearer   xyz  ")).toBe("xyz");
    expect(bearerToken("Basic abc")).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
  });

  it("accepts configured keys only", async () => {
    const a = createAuthenticator(["k1", "k2"]);
    expect(a.configured).toBe(true);
    expect(await a.check("k1")).toBe(true);
    expect(await a.check("k2")).toBe(true);
    expect(await a.check("k3")).toBe(false);
    expect(await a.check("")).toBe(false);
  });

  it("asks the verifier for other tokens and remembers accepted ones for a while", async () => {
    let calls = 0;
    const a = createAuthenticator([], async (t) => {
      calls++;
      return t === "platform";
    });
    expect(await a.check("platform")).toBe(true);
    expect(await a.check("platform")).toBe(true);
    expect(calls).toBe(1);
    expect(await a.check("other")).toBe(false);
    expect(await a.check("other")).toBe(false);
    expect(calls).toBe(3);
    const failing = createAuthenticator([], async () => {
      throw new Error("db down");
    });
    expect(await failing.check("x")).toBe(false);
  });

  it("is unconfigured without keys or verifier", async () => {
    const a = createAuthenticator([]);
    expect(a.configured).toBe(false);
    expect(await a.check("anything")).toBe(false);
  });
});
