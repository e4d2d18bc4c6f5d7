/**
 * Runs once when a Next.js server process starts. Node runtime only: stamps each request with its TCP peer
 * (lib/security/socket-peer.ts) so client addresses for audit rows and rate limits cannot be forged.
 */
export async function register() {
  // NEXT_RUNTIME is inlined by Next at build time, which keeps the Node-only module out of the edge bundle.
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installSocketPeerHeader } = await import('@/lib/security/socket-peer');
    installSocketPeerHeader();
  }
}
