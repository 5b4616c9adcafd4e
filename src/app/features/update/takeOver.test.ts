import { describe, expect, it, vi } from 'vitest';
import { SKIP_WAITING, takeOverWhenAgreed, type WorkerContainer } from './takeOver';

function fakeContainer(waiting: { postMessage: (m: unknown) => void } | null) {
  const listeners = new Set<() => void>();
  const container: WorkerContainer = {
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
    getRegistration: () => Promise.resolve({ waiting }),
  };
  return { container, controllerChange: () => [...listeners].forEach((l) => l()), listeners };
}

function setUp(waiting: { postMessage: (m: unknown) => void } | null) {
  const fake = fakeContainer(waiting);
  let tick: (() => void) | undefined;
  const deps = {
    container: fake.container,
    reload: vi.fn(),
    askLibrary: vi.fn(),
    setInterval: vi.fn((fn: () => void) => {
      tick = fn;
      return 7;
    }),
    clearInterval: vi.fn(),
  };
  return { ...fake, deps, tick: () => tick?.(), take: takeOverWhenAgreed(deps) };
}

describe('takeOverWhenAgreed', () => {
  it('asks the library, and reloads once when the new worker takes over', () => {
    const t = setUp(null);
    t.take.agree();
    expect(t.deps.askLibrary).toHaveBeenCalledOnce();
    expect(t.deps.reload).not.toHaveBeenCalled();
    t.controllerChange();
    t.take.reloadOnce(); // the library's own reload after the same change
    expect(t.deps.reload).toHaveBeenCalledOnce();
    expect(t.deps.clearInterval).toHaveBeenCalledWith(7);
    expect(t.listeners.size).toBe(0);
  });

  it('asks the waiting worker again while it has not taken over', async () => {
    const waiting = { postMessage: vi.fn() };
    const t = setUp(waiting);
    t.take.agree();
    expect(waiting.postMessage).not.toHaveBeenCalled();
    t.tick();
    await vi.waitFor(() => expect(waiting.postMessage).toHaveBeenCalledWith(SKIP_WAITING));
    t.tick();
    await vi.waitFor(() => expect(waiting.postMessage).toHaveBeenCalledTimes(2));
    expect(t.deps.reload).not.toHaveBeenCalled();
  });

  it('does nothing before the user agreed, and agreeing twice starts one watch', () => {
    const t = setUp(null);
    t.controllerChange();
    expect(t.deps.reload).not.toHaveBeenCalled();
    t.take.agree();
    t.take.agree();
    expect(t.deps.askLibrary).toHaveBeenCalledOnce();
    expect(t.deps.setInterval).toHaveBeenCalledOnce();
  });
});
