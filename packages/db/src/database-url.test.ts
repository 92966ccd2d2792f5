import { describe, expect, it } from "vitest";
import { parseDatabaseUrl } from "./database-url.js";

describe("parseDatabaseUrl", () => {
  it("resolves SQLite file: paths against the working directory", () => {
    expect(parseDatabaseUrl("file:./data/app.db", "/srv/sy")).toEqual({ kind: "sqlite", path: "/srv/sy/data/app.db" });
    expect(parseDatabaseUrl("file:data/app.db", "/srv/sy")).toEqual({ kind: "sqlite", path: "/srv/sy/data/app.db" });
    expect(parseDatabaseUrl("file:/var/lib/sy/app.db", "/srv")).toEqual({ kind: "sqlite", path: "/var/lib/sy/app.db" });
    expect(parseDatabaseUrl("file:///var/lib/sy/app.db", "/srv")).toEqual({ kind: "sqlite", path: "/var/lib/sy/app.db" });
    expect(parseDatabaseUrl("file:./app.db?connection_limit=1", "/srv")).toEqual({ kind: "sqlite", path: "/srv/app.db" });
  });

  it("passes PostgreSQL URLs through", () => {
    for (const url of ["postgres://u:p@h:5432/db", "postgresql://h/db?sslmode=require"]) {
      expect(parseDatabaseUrl(url)).toEqual({ kind: "postgres", url });
    }
  });

  it("takes Prisma's ?schema= option out of PostgreSQL URLs", () => {
    expect(parseDatabaseUrl("postgres://u:p@h/db?schema=sy&sslmode=require")).toEqual({
      kind: "postgres",
      url: "postgres://u:p@h/db?sslmode=require",
      schema: "sy",
    });
    expect(() => parseDatabaseUrl("postgres://h/db?schema=a;drop")).toThrow(/Invalid schema/);
  });

  it("rejects anything else without echoing the URL", () => {
    expect(() => parseDatabaseUrl("mysql://u:secret@h/db")).toThrow(/scheme "mysql:"/);
    expect(() => parseDatabaseUrl("mysql://u:secret@h/db")).not.toThrow(/secret/);
    expect(() => parseDatabaseUrl("./app.db")).toThrow(/Unsupported DATABASE_URL/);
  });
});
