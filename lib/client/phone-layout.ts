/**
 * The server's guess of the phone layout from the request (the server cannot see the viewport): a phone's user
 * agent (iPhone, an Android or HarmonyOS phone; not a tablet) or the client hint `Sec-CH-UA-Mobile: ?1`. Only a
 * guess for the first paint, which is what a user sees (and may click) before hydration; the viewport decides
 * right after.
 */
export function guessPhoneLayout(headers: { get(name: string): string | null }): boolean {
  const agent = headers.get('user-agent') ?? '';
  return (
    /iPhone|iPod|Android.*Mobile|OpenHarmony.*Phone/i.test(agent) ||
    headers.get('sec-ch-ua-mobile')?.trim() === '?1'
  );
}
