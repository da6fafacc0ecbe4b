// We build every schema with `zod/mini`: it never compiles parsers with `new Function`, so it runs
// under a `script-src 'self'` host CSP and in MV3 extension pages, and it is about a quarter of the
// size of classic zod, which keeps the embed bundle inside its budget.
export * as z from 'zod/mini';
