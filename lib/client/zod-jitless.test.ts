import { afterEach, describe, expect, it, vi } from 'vitest';

type ZodGlobal = { __zod_globalConfig?: Record<string, unknown>; window?: unknown };

describe('zod-jitless', () => {
  afterEach(() => {
    delete (globalThis as ZodGlobal).window;
    vi.resetModules();
  });

  it('turns zod’s JIT off in the browser without importing zod, before or after zod loads', async () => {
    const global = globalThis as ZodGlobal;
    global.window = {};
    await import('./zod-jitless');
    const { z } = await import('zod');
    // zod adopted the object the module set up: the flag is in its configuration.
    expect(z.config().jitless).toBe(true);
    // Parsing still works (interpreted, not compiled).
    expect(z.object({ a: z.string() }).parse({ a: 'x' })).toEqual({ a: 'x' });
  });
});
