import { describe, expect, it } from "vitest";
import { PendingRequest } from "./pending-request.js";

describe("PendingRequest", () => {
  it("resolves with results in index order once every part completed, reporting progress", async () => {
    const progress: number[] = [];
    const r = new PendingRequest<string>(3, (p) => progress.push(p.done));
    r.complete(2, "c");
    r.complete(0, "a");
    await Promise.resolve();
    r.complete(1, "b");
    await expect(r.promise).resolves.toEqual(["a", "b", "c"]);
    expect(progress[progress.length - 1]).toBe(3);
  });

  it("rejects once on the first failure and ignores later parts", async () => {
    let dropped = 0;
    const r = new PendingRequest<number>(2);
    r.onFail = () => dropped++;
    r.fail(new Error("deadline"));
    r.fail(new Error("again"));
    r.complete(0, 1);
    await expect(r.promise).rejects.toThrow("deadline");
    expect(dropped).toBe(1);
    expect(r.isSettled).toBe(true);
  });

  it("waitFor resolves when enough parts are done", async () => {
    const r = new PendingRequest<number>(4);
    let woke = false;
    void r.waitFor(2).then(() => (woke = true));
    r.complete(0, 0);
    await Promise.resolve();
    expect(woke).toBe(false);
    r.complete(1, 1);
    await Promise.resolve();
    expect(woke).toBe(true);
  });
});
