// Preloaded (node --require) into Prisma CLI processes. The JS schema engine leaves long timers that
// it never clears, so the CLI would sit idle for 10-60 s after finishing. Unreferenced timers still
// fire while the process has work, but no longer keep a finished process alive.
"use strict";
const { promisify } = require("node:util");
const originalSetTimeout = globalThis.setTimeout;
function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = originalSetTimeout(callback, ms, ...args);
  if (typeof ms === "number" && ms >= 1000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
}
setTimeoutUnrefLong[promisify.custom] = originalSetTimeout[promisify.custom];
globalThis.setTimeout = setTimeoutUnrefLong;
