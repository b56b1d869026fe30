#!/usr/bin/env node
// The command line (DESIGN.md §6). Runs the TypeScript sources through tsx, so the CLI and
// the app share the one parse pipeline and rules engine without a separate build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
