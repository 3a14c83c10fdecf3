import { startStack } from './lib/stack.mjs';
import { firstScreen } from './bench/first-screen.mjs';
const stack = await startStack();
try { await firstScreen(stack); } finally { await stack.stop(); }
