// Zod compiles fast parsers with `new Function` when the page allows it, and finds out by
// trying once: under Varde's Content-Security-Policy (no 'unsafe-eval') that try is a CSP
// violation in every page load. Jitless mode skips the try and the compiler; the parsers
// here are small, so nothing measurable is lost. Imported first by main.tsx.
import { config } from 'zod/mini';

config({ jitless: true });
