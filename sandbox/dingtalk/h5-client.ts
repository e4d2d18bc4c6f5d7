import type { Reply, RequestContext, RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';
import { issueAuthCode } from './login';

/**
 * The DingTalk client, as far as an H5 micro-app sees it (§8.2, §10.1).
 *
 * The real client injects a JavaScript bridge into every page it opens; `dingtalk-jsapi` (3.x) finds it on iOS as
 * `window.WebViewJavascriptBridge` (`lib/bridge/h5Ios.js`: `init`, `registerHandler`, and
 * `callHandler(method, params, cb)` answering `{errorCode: "0", result}`, `"-1"` = cancelled, anything else =
 * failed), when the user agent says `iPhone … DingTalk/<version>`. `GET /client/bridge.js?user=<userId>` serves
 * that bridge: run it in every document before the page's scripts (Playwright `addInitScript`, exactly where
 * the native client injects it) and the unmodified `dingtalk-jsapi` calls reach this sandbox:
 * - `runtime.permission.requestAuthCode(V2)` (`dd.requestAuthCode`): a 免登 code for that user, issued by
 *   `POST /client/auth-code` — single use, 5 minutes, accepted only by `topapi/v2/user/getuserinfo` of the
 *   same corp (40078 otherwise);
 * - `biz.util.openLink` (`dd.openLink`): opens the URL in this "client" (the same tab), unwrapping
 *   `dingtalk://dingtalkclient/page/link?url=…`; a tapped `<a href="dingtalk://…page/link?url=…">` does the same.
 * Every call is recorded in `window.__sandboxDingTalk.calls` (and in sessionStorage, so it survives a navigation).
 * A real bridge is native code, outside the page's Content-Security-Policy; Huiban's CSP (`connect-src 'self'`)
 * would block a fetch from the page to this sandbox, so the bridge asks through `window.__sandboxDingTalkNative`
 * when the test runner provides it (Playwright `exposeBinding`, e2e/fixtures/dingtalk-client.ts) and falls back
 * to `fetch` otherwise.
 *
 * `GET /client?url=<huiban url>&user=<userId>` is the client's "open this micro-app" step: with the bridge
 * injected it opens the URL; without it, it explains how to inject it.
 */
export function h5ClientRoutes(state: SandboxState): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/client/bridge.js',
      family: 'raw',
      handler: (ctx): Reply => ({
        headers: {
          'content-type': 'application/javascript;charset=utf-8',
          'cache-control': 'no-store',
        },
        body: bridgeScript(originOf(ctx), ctx.query.get('user') ?? ''),
      }),
    },
    {
      method: 'POST',
      path: '/client/auth-code',
      family: 'raw',
      handler: (ctx): Reply => {
        // text/plain (a "simple" request: no CORS preflight from the page's origin), JSON inside.
        let input: { corpId?: unknown; clientId?: unknown; user?: unknown } = {};
        try {
          input = JSON.parse(ctx.rawBody.toString('utf8') || '{}') as typeof input;
        } catch {
          return bridgeError(400, '7', 'body must be JSON');
        }
        const corpId = typeof input.corpId === 'string' ? input.corpId : '';
        const userId = typeof input.user === 'string' ? input.user : '';
        const org = state.orgs.get(corpId);
        // What the client answers when the page asks for a corp the user is not in (jsapi errorCode 3 = failed).
        if (!org)
          return bridgeError(404, '3', `corpId ${corpId || '(empty)'} is not an organisation of this user`);
        const user = org.users.get(userId);
        if (!user?.active) return bridgeError(404, '3', `user ${userId || '(empty)'} is not in ${corpId}`);
        const clientId =
          typeof input.clientId === 'string' && input.clientId
            ? input.clientId
            : (org.apps.keys().next().value ?? '');
        if (input.clientId && !org.apps.has(clientId)) {
          return bridgeError(404, '3', `clientId ${clientId} is not an app of ${corpId}`);
        }
        const code = issueAuthCode(state, { kind: 'jsapi', clientId, corpId, userId });
        return { status: 201, headers: CORS, json: { code: code.code } };
      },
    },
    {
      method: 'GET',
      path: '/client',
      family: 'raw',
      handler: (ctx): Reply => {
        const url = ctx.query.get('url') ?? '';
        if (!/^https?:\/\//.test(url)) {
          return {
            status: 400,
            headers: { 'content-type': 'text/plain;charset=utf-8' },
            body: 'url must be an http(s) URL',
          };
        }
        return {
          headers: { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' },
          body: clientPage(originOf(ctx), url, ctx.query.get('user') ?? ''),
        };
      },
    },
  ];
}

/** The sandbox's own address as the browser reached it (the router's URL has a placeholder host). */
function originOf(ctx: RequestContext): string {
  return `http://${ctx.req.headers.host ?? '127.0.0.1'}`;
}

const CORS = { 'access-control-allow-origin': '*' };

function bridgeError(status: number, errorCode: string, errorMessage: string): Reply {
  return { status, headers: CORS, json: { errorCode, errorMessage } };
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function clientPage(origin: string, url: string, user: string): string {
  const bridge = `${origin}/client/bridge.js?user=${encodeURIComponent(user)}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>钉钉客户端（沙箱）</title>
<style>body{font-family:system-ui,sans-serif;max-width:560px;margin:24px auto;padding:0 16px;color:#1f2329}
code{word-break:break-all;background:#f2f3f5;padding:2px 4px}</style></head><body>
<h1>钉钉客户端（沙箱模拟）</h1>
<p id="status">正在打开微应用…</p>
<p>要打开：<code>${escapeHtml(url)}</code></p>
<p>沙箱用注入脚本模拟钉钉客户端的 JSAPI 桥：用 iPhone 的钉钉 User-Agent（含 <code>DingTalk/7.6.0</code>）打开，并在每个页面的脚本之前运行
<code>${escapeHtml(bridge)}</code>（Playwright：<code>context.addInitScript({ content })</code>）。</p>
<script>
(function () {
  var target = ${JSON.stringify(url)};
  if (window.WebViewJavascriptBridge && window.__sandboxDingTalk) { location.replace(target); return; }
  document.getElementById('status').textContent = '未检测到钉钉 JSAPI 桥：请按下方说明注入 bridge.js 后再打开。';
})();
</script>
</body></html>`;
}

/** The injected bridge (see the module comment). Plain ES5: it runs before any page script. */
function bridgeScript(origin: string, user: string): string {
  return `(function () {
  if (window.__sandboxDingTalk) return;
  var SANDBOX = ${JSON.stringify(origin)};
  var USER = ${JSON.stringify(user)};
  var KEY = '__sandboxDingTalkCalls';
  var calls = [];
  try { calls = JSON.parse(sessionStorage.getItem(KEY) || '[]'); } catch (e) { calls = []; }
  function record(method, params) {
    calls.push({ method: method, params: params, page: location.href });
    try { sessionStorage.setItem(KEY, JSON.stringify(calls)); } catch (e) {}
  }
  window.__sandboxDingTalk = { user: USER, calls: calls };
  function ok(cb, result) { if (cb) cb({ errorCode: '0', errorMessage: '', result: result }); }
  function fail(cb, code, message) { if (cb) cb({ errorCode: String(code), errorMessage: message }); }
  function unwrap(url) {
    var m = /^dingtalk:\\/\\/dingtalkclient\\/page\\/link\\?(.*)$/.exec(url || '');
    if (!m) return url;
    var q = new URLSearchParams(m[1]);
    return q.get('url') || '';
  }
  function open(url) {
    var target = unwrap(url);
    if (/^https?:/.test(target)) location.assign(target);
    return target;
  }
  var handlers = {};
  window.WebViewJavascriptBridge = {
    init: function () {},
    registerHandler: function (name, fn) { handlers[name] = fn; },
    callHandler: function (method, params, cb) {
      params = params || {};
      record(method, params);
      if (method === 'runtime.permission.requestAuthCode' || method === 'runtime.permission.requestAuthCodeV2') {
        var ask = { corpId: params.corpId, clientId: params.clientId, user: USER };
        // A native bridge is not bound by the page's Content-Security-Policy (connect-src 'self'); the test
        // runner's binding stands in for it. Without one, ask the sandbox directly (pages without a strict CSP).
        var native = window.__sandboxDingTalkNative;
        var answer = typeof native === 'function'
          ? native('requestAuthCode', ask)
          : fetch(SANDBOX + '/client/auth-code', {
              method: 'POST',
              headers: { 'content-type': 'text/plain' },
              body: JSON.stringify(ask),
            }).then(function (r) { return r.json(); });
        Promise.resolve(answer).then(function (b) {
          if (b && b.code) ok(cb, { code: b.code });
          else fail(cb, (b && b.errorCode) || '3', (b && b.errorMessage) || 'no code');
        }).catch(function (e) { fail(cb, '3', String(e)); });
        return;
      }
      if (method === 'biz.util.openLink') { ok(cb, { url: open(params.url) }); return; }
      fail(cb, '3', 'sandbox DingTalk client: ' + method + ' is not simulated');
    },
  };
  // The client opens dingtalk:// links itself (a browser would ignore the unknown scheme).
  document.addEventListener('click', function (event) {
    var a = event.target && event.target.closest ? event.target.closest('a[href^="dingtalk:"]') : null;
    if (!a) return;
    event.preventDefault();
    record('link', { url: a.getAttribute('href') });
    open(a.getAttribute('href'));
  }, true);
  document.dispatchEvent(new Event('WebViewJavascriptBridgeReady'));
})();
`;
}
