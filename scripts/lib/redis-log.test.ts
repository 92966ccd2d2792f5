import { describe, expect, it } from "vitest";
import { redisLogToJson } from "./redis-log.js";

describe("redisLogToJson", () => {
  it("turns redis-server's line into a JSON log line with an ISO 8601 UTC time", () => {
    const out = JSON.parse(redisLogToJson("4242:M 04 Dec 2026 19:05:07.123 * Ready to accept connections unix")) as Record<string, unknown>;
    expect(out).toEqual({ level: 30, time: "2026-12-04T19:05:07.123Z", svc: "redis", pid: 4242, msg: "Ready to accept connections unix" });
    expect(JSON.parse(redisLogToJson("1:C 01 Jan 2027 00:00:00.000 # WARNING overcommit")) as unknown).toMatchObject({ level: 40, msg: "WARNING overcommit" });
  });

  it("keeps lines in any other shape", () => {
    expect(redisLogToJson("                _._")).toBe("                _._");
  });
});
