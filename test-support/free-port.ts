/** A free 127.0.0.1 TCP port for a test server (the launcher uses the same helper). */
export { freePort } from "../scripts/lib/free-port.js";
