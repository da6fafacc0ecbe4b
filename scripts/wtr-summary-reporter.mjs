/**
 * Adds one closing line, "N passed, N failed", after web-test-runner's own summary, so log
 * readers (and scripts/test-all.mjs) can count browser tests without parsing progress bars.
 * A test file that failed to load, or a browser that never started, counts as one failure.
 */
export function summaryLineReporter() {
  return {
    stop({ sessions }) {
      let passed = 0;
      let failed = 0;
      let skipped = 0;
      const walk = (suite) => {
        for (const t of suite.tests ?? []) {
          if (t.skipped) skipped += 1;
          else if (t.passed) passed += 1;
          else failed += 1;
        }
        for (const s of suite.suites ?? []) walk(s);
      };
      for (const session of sessions) {
        const before = passed + failed + skipped;
        if (session.testResults) walk(session.testResults);
        if (passed + failed + skipped === before && !session.passed) failed += 1;
        else if (!session.passed && (session.errors?.length ?? 0) > 0) failed += 1;
      }
      process.once('exit', () => {
        process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
      });
    },
  };
}
