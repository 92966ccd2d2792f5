/** One group's rules for our user agent: longest match wins, Allow wins a tie (RFC 9309). */
export interface RobotsRules {
  rules: Array<{ allow: boolean; pattern: string }>;
}

export const ALLOW_ALL: RobotsRules = { rules: [] };
export const DISALLOW_ALL: RobotsRules = { rules: [{ allow: false, pattern: "/" }] };

/**
 * Parse robots.txt for `userAgent` (its product token, e.g. "SwitchyardBot"): the groups whose
 * user-agent line matches it, or the `*` groups when none does.
 */
export function parseRobots(text: string, userAgent: string): RobotsRules {
  const token = userAgent.toLowerCase();
  const mine: RobotsRules["rules"] = [];
  const star: RobotsRules["rules"] = [];
  let agents: string[] = [];
  let inRules = false;
  for (const raw of text.split(/\r?\n|\r/)) {
    const line = raw.replace(/#.*$/, "").trim();
    const m = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = (m[1] ?? "").toLowerCase();
    const value = (m[2] ?? "").trim();
    if (key === "user-agent") {
      // A user-agent line after rules starts a new group.
      if (inRules) agents = [];
      inRules = false;
      agents.push(value.toLowerCase());
      continue;
    }
    if (key !== "allow" && key !== "disallow") continue;
    inRules = true;
    // "Disallow:" with nothing allows everything: no rule.
    if (value === "") continue;
    const rule = { allow: key === "allow", pattern: value };
    if (agents.some((a) => a !== "*" && token.includes(a))) mine.push(rule);
    else if (agents.includes("*")) star.push(rule);
  }
  return { rules: mine.length > 0 ? mine : star };
}

/** Whether `pathAndQuery` (e.g. "/a/b?x=1") may be fetched under these rules. */
export function robotsAllows(rules: RobotsRules, pathAndQuery: string): boolean {
  if (pathAndQuery === "/robots.txt") return true;
  let best: { allow: boolean; length: number } | null = null;
  for (const r of rules.rules) {
    if (!patternMatches(r.pattern, pathAndQuery)) continue;
    const length = r.pattern.length;
    if (!best || length > best.length || (length === best.length && r.allow)) best = { allow: r.allow, length };
  }
  return best ? best.allow : true;
}

function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith("$");
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const re = body
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${re}${anchored ? "$" : ""}`).test(path);
}
