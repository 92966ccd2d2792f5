/**
 * The flags every headless Chromium of ours starts with (the scraper's pool and the browser
 * tests): no background traffic of its own, no QUIC, no GPU, and /dev/shm not relied on
 * (containers often have a tiny one and Chromium then crashes on larger pages).
 */
export function baseChromiumArgs(): string[] {
  const args = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
  ];
  // Chromium refuses to run as root with its sandbox on.
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  return args;
}
