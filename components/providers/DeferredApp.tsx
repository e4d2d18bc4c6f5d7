'use client';

import { theme } from 'antd';
import AppContext, { type useAppProps } from 'antd/es/app/context';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';

const AppHolders = lazy(() => import('./AppHolders').then((m) => ({ default: m.AppHolders })));

type Apis = useAppProps;
type Call = (apis: Apis) => unknown;

/**
 * antd's `App`, with its machinery loaded after the page: `App.useApp()` (and `useToast()`) read the same context,
 * but the message, notification and modal stacks (rc-notification, rc-dialog and the confirm dialog, ~18 KB gzip)
 * load right after hydration (AppHolders) instead of with every page. A call made before they have arrived waits
 * for them and runs then (what it returns is then lost: nobody here reads it). The wrapper draws the base text
 * style `App` gives its `div` (colour, size, line height, font), from the theme's tokens.
 */
export function DeferredApp({ children }: { children: React.ReactNode }) {
  const { token } = theme.useToken();
  const [isWanted, setWanted] = useState(false);
  const apis = useRef<Apis | null>(null);
  const waiting = useRef<Call[]>([]);
  // After hydration: nothing on a first paint needs a toast or a dialog.
  useEffect(() => setWanted(true), []);
  const onReady = useCallback((ready: Apis) => {
    apis.current = ready;
    for (const call of waiting.current.splice(0)) call(ready);
  }, []);
  const value = useMemo(() => {
    const run = (call: Call) => {
      if (apis.current) return call(apis.current);
      waiting.current.push(call);
      setWanted(true);
      return undefined;
    };
    // Each API's methods by name (message.success, modal.confirm, notification.open, …), forwarded to the real one.
    const forward = <K extends keyof Apis>(key: K) =>
      new Proxy({} as Apis[K], {
        // Only method names: not a thenable, nothing for symbols (inspection by devtools or React).
        get: (_, method) =>
          typeof method !== 'string' || method === 'then'
            ? undefined
            : (...args: unknown[]) =>
                run((ready) =>
                  (ready[key] as Record<string, (...a: unknown[]) => unknown>)[method]!(...args),
                ),
      });
    return { message: forward('message'), notification: forward('notification'), modal: forward('modal') };
  }, []);
  return (
    <AppContext.Provider value={value}>
      <div
        style={{
          color: token.colorText,
          fontSize: token.fontSize,
          lineHeight: token.lineHeight,
          fontFamily: token.fontFamily,
        }}
      >
        {isWanted && (
          <Suspense fallback={null}>
            <AppHolders onReady={onReady} />
          </Suspense>
        )}
        {children}
      </div>
    </AppContext.Provider>
  );
}
